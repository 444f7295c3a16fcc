/** Fake but plausible Dutch shop data for the order generator. No real people. */

export interface CatalogItem {
  productId: number;
  name: string;
  sku: string;
  /** Price per unit excl. VAT, in cents. */
  priceCents: number;
  rate: 'standard' | 'reduced';
}

export const catalog: readonly CatalogItem[] = [
  { productId: 101, name: 'Koffiebonen Espresso 1 kg', sku: 'KOF-ESP-1000', priceCents: 2193, rate: 'reduced' },
  { productId: 102, name: 'Stroopwafels (10 stuks)', sku: 'STR-10', priceCents: 413, rate: 'reduced' },
  { productId: 103, name: 'Thee Earl Grey 100 g', sku: 'THE-EG-100', priceCents: 642, rate: 'reduced' },
  { productId: 104, name: 'Kookboek Hollandse Pot', sku: 'BOE-HP', priceCents: 2477, rate: 'reduced' },
  { productId: 105, name: 'Hagelslag puur 400 g', sku: 'HAG-P-400', priceCents: 275, rate: 'reduced' },
  { productId: 201, name: 'Espressokopjes (set van 4)', sku: 'KOP-ESP-4', priceCents: 2057, rate: 'standard' },
  { productId: 202, name: 'Theepot glas 1 l', sku: 'POT-GL-1', priceCents: 2849, rate: 'standard' },
  { productId: 203, name: 'Koffiemolen handmatig', sku: 'MOL-HAND', priceCents: 4124, rate: 'standard' },
  { productId: 204, name: 'Melkopschuimer', sku: 'MELK-OPS', priceCents: 3297, rate: 'standard' },
  { productId: 205, name: 'Thermosfles 500 ml', sku: 'THE-500', priceCents: 1644, rate: 'standard' },
];

export const coupons: readonly { code: string; percent: number }[] = [
  { code: 'welkom10', percent: 10 },
  { code: 'zomer15', percent: 15 },
];

export const firstNames = ['Jan', 'Sanne', 'Pieter', 'Fleur', 'Daan', 'Emma', 'Luuk', 'Anouk', 'Bram', 'Lotte', 'Thijs', 'Noor'] as const;
export const lastNames = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks'] as const;
export const companies = ['Koffiebar De Hoek', 'Bakkerij Van Dam', 'Studio Noord', 'Tuincentrum Groen'] as const;
export const streets = ['Dorpsstraat', 'Kerkstraat', 'Molenweg', 'Stationsplein', 'Lindelaan', 'Julianastraat'] as const;
export const places: readonly { city: string; postcode: string }[] = [
  { city: 'Amsterdam', postcode: '1012 JS' },
  { city: 'Utrecht', postcode: '3511 AB' },
  { city: 'Zwolle', postcode: '8011 CW' },
  { city: 'Groningen', postcode: '9711 LM' },
  { city: 'Eindhoven', postcode: '5611 EM' },
  { city: 'Haarlem', postcode: '2011 RK' },
];
export const notes = ['Graag bij de buren afgeven als ik niet thuis ben.', 'Het is een cadeau, graag zonder factuur in het pakket.'] as const;
