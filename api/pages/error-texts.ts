import { describeError, type ErrorCode } from '../../domain/error-catalogue';
import type { Locale } from './locale';

/** The error catalogue's explanation and fix in Dutch; English comes from the catalogue itself (and stands in for a code not translated yet). */
const NL: Partial<Record<ErrorCode, { explanation: string; fix: string }>> = {
  NO_LINES: { explanation: 'De order heeft geen orderregels, dus er is niets te factureren.', fix: 'Voeg de producten toe aan de order in je webwinkel, of annuleer de order als die per ongeluk is gemaakt.' },
  NON_POSITIVE_QUANTITY: { explanation: 'Een orderregel heeft een aantal van nul of minder.', fix: 'Corrigeer het aantal in je webwinkel; boek retouren als terugbetaling in plaats van als negatieve regel.' },
  INVALID_AMOUNT: { explanation: 'Een bedrag in de order is geen heel aantal centen.', fix: 'Controleer de prijzen van de order in je webwinkel; kloppen ze, neem dan contact op met doorzet-support.' },
  UNKNOWN_VAT_RATE: { explanation: 'Een orderregel gebruikt een btw-tarief dat doorzet niet boekt.', fix: 'Zet het product op een Nederlands btw-tarief (0%, 9% of 21%) in je webwinkel en werk de order bij.' },
  TOTALS_MISMATCH: { explanation: 'De bedragen van de order tellen niet op: de regels, de btw en de totalen verschillen meer dan afronding.', fix: 'Laat de ordertotalen opnieuw berekenen in je webwinkel en sla de order op.' },
  NEGATIVE_TOTAL: { explanation: 'Het ordertotaal is negatief en kan niet als verkoop worden geboekt.', fix: 'Boek de terugbetaling in je boekhouding als creditfactuur, of corrigeer de korting in je webwinkel.' },
  NOTE_TOO_LONG: { explanation: 'De klantnotitie bij de order is langer dan je boekhouding accepteert.', fix: 'Maak de klantnotitie korter in je webwinkel.' },
  INVALID_EMAIL: { explanation: 'Het e-mailadres van de klant ontbreekt of is ongeldig, dus de klant kan niet worden gevonden of aangemaakt in je boekhouding.', fix: 'Corrigeer het e-mailadres van de klant op de order in je webwinkel.' },
  MISSING_ORDER_NUMBER: { explanation: 'De order heeft geen ordernummer; doorzet gebruikt dat als factuurkenmerk.', fix: 'Geef de order een ordernummer in je webwinkel.' },
  UNSUPPORTED_CURRENCY: { explanation: 'De order is in een andere munt dan de euro; doorzet boekt alleen orders in euro.', fix: 'Boek deze order met de hand in je boekhouding.' },
  AUTH_REVOKED: { explanation: 'Je boekhouding accepteert de koppeling met doorzet niet meer: de toegang is ingetrokken of verlopen.', fix: 'Koppel je boekhouding opnieuw in het doorzet-dashboard; de synchronisatie gaat dan vanzelf verder.' },
  TARGET_MISSING_SCOPE: { explanation: 'Je boekhouding accepteert de koppeling met doorzet, maar zonder een toestemming die boeken nodig heeft (bijvoorbeeld toegang tot verkoopfacturen).', fix: 'Geef doorzet in je boekhouding de genoemde toestemming (of koppel opnieuw met die toestemming) en hervat dan de synchronisatie.' },
  TARGET_VALIDATION: { explanation: 'Je boekhouding weigerde de factuur omdat een veld niet werd geaccepteerd.', fix: 'Controleer het genoemde veld, corrigeer het in je webwinkel of boekhouding en probeer het opnieuw.' },
  TARGET_PAYMENT_REQUIRED: { explanation: 'Je boekhouding weigert nieuwe facturen omdat je abonnement daar is verlopen of zijn limiet bereikte.', fix: 'Verleng of vergroot je abonnement bij je boekhouding en hervat dan de synchronisatie.' },
  UNKNOWN_TARGET_VAT_RATE: { explanation: 'Je boekhouding heeft geen actief btw-tarief voor een tarief dat de order gebruikt.', fix: 'Maak dat btw-tarief aan of zet het aan in je boekhouding en probeer het opnieuw.' },
  ORDER_NOT_FOUND: { explanation: 'De order bestaat niet meer in je webwinkel.', fix: 'Niets te doen als de order bewust is verwijderd; zet hem anders terug en probeer het opnieuw.' },
  ORDER_CHANGED_AFTER_POSTING: { explanation: 'De order is in je webwinkel gewijzigd nadat doorzet hem al had geboekt; doorzet maakt geen tweede factuur.', fix: 'Corrigeer de factuur met de hand in je boekhouding (bijvoorbeeld met een creditfactuur).' },
  RATE_LIMITED: { explanation: 'De webwinkel of de boekhouding vroeg doorzet het rustiger aan te doen.', fix: 'Niets; doorzet wacht de genoemde tijd en probeert het opnieuw.' },
  TARGET_UNAVAILABLE: { explanation: 'De webwinkel of de boekhouding was niet bereikbaar of had een tijdelijke storing.', fix: 'Niets; doorzet probeert het zelf opnieuw. Duurt het uren, kijk dan op de statuspagina van dat systeem.' },
  SOURCE_UNAVAILABLE: { explanation: 'Je webwinkel was niet bereikbaar of had een tijdelijke storing toen doorzet de order las.', fix: 'Niets; doorzet probeert het zelf opnieuw. Duurt het uren, controleer dan of je webwinkel online is.' },
  SALE_INVALID: { explanation: 'De webwinkel gaf de order terug in een vorm die doorzet niet kan lezen (ontbrekende of onjuiste velden).', fix: 'Open de order in je webwinkel en sla hem opnieuw op; komt de fout terug, neem dan contact op met doorzet-support met het ordernummer.' },
  UNEXPECTED: { explanation: 'Er ging iets mis binnen doorzet.', fix: 'Probeer de verkoop opnieuw; komt de fout terug, neem dan contact op met doorzet-support met het ordernummer.' },
};

export function errorTexts(code: string, locale: Locale): { explanation: string; fix: string } {
  const described = describeError(code);
  const english = { explanation: described.explanation, fix: described.fix };
  return locale === 'nl' ? NL[described.code] ?? english : english;
}
