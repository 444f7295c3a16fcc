import type { Rng } from '../../sim/rng';
import type { SimEntity } from './sim-odata';

/**
 * A Dutch administration as Exact's default chart might have it (codes and descriptions illustrative,
 * shapes as in fixtures/): VAT codes padded to three characters, OSS codes with OssCountry, revenue GL
 * accounts of Type 110, sales journals of Type 20, one item for invoice lines.
 */

export const FIELDS = {
  Account: ['ID', 'Code', 'Name', 'Email', 'Status', 'AddressLine1', 'Postcode', 'City', 'Country', 'VATNumber', 'IsSales', 'Blocked', 'Division', 'Created', 'Modified'],
  SalesEntry: [
    'EntryID', 'EntryNumber', 'EntryDate', 'Journal', 'JournalDescription', 'Customer', 'CustomerName', 'YourRef', 'Description', 'Currency',
    'AmountFC', 'AmountDC', 'VATAmountFC', 'VATAmountDC', 'Status', 'StatusDescription', 'Type', 'TypeDescription', 'Division', 'Created', 'Modified', 'SalesEntryLines',
  ],
  SalesEntryLine: ['ID', 'EntryID', 'LineNumber', 'GLAccount', 'GLAccountCode', 'Description', 'Quantity', 'AmountFC', 'AmountDC', 'VATCode', 'VATPercentage', 'VATAmountFC', 'VATBaseAmountFC', 'Type', 'Division'],
  SalesInvoice: [
    'InvoiceID', 'InvoiceNumber', 'InvoiceDate', 'OrderDate', 'OrderedBy', 'OrderedByName', 'InvoiceTo', 'Journal', 'YourRef', 'Description', 'Remarks', 'Currency',
    'AmountFC', 'AmountDC', 'AmountFCExclVat', 'VATAmountFC', 'VATAmountDC', 'Status', 'StatusDescription', 'Type', 'TypeDescription', 'Division', 'Created', 'Modified', 'SalesInvoiceLines',
  ],
  SalesInvoiceLine: ['ID', 'InvoiceID', 'LineNumber', 'Item', 'ItemCode', 'Description', 'Quantity', 'UnitPrice', 'NetPrice', 'AmountFC', 'AmountDC', 'GLAccount', 'VATCode', 'VATPercentage', 'VATAmountFC', 'Division'],
  VATCode: ['ID', 'Code', 'Description', 'Percentage', 'Type', 'VATTransactionType', 'IsBlocked', 'EUSalesListing', 'OssCountry', 'Charged', 'Division'],
  GLAccount: ['ID', 'Code', 'Description', 'Type', 'TypeDescription', 'BalanceSide', 'BalanceType', 'IsBlocked', 'Division'],
  Journal: ['ID', 'Code', 'Description', 'Type', 'IsBlocked', 'Division'],
  Item: ['ID', 'Code', 'Description', 'GLRevenue', 'SalesVatCode', 'IsSalesItem', 'Division'],
  Division: ['Code', 'Description', 'Country', 'Currency', 'HID', 'Status', 'Main', 'VATNumber'],
  Me: ['UserID', 'CurrentDivision', 'FullName', 'Email', 'UserName', 'LanguageCode'],
} as const;

export function guidFrom(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${['8', '9', 'a', 'b'][rng.int(0, 3)]}${hex(3)}-${hex(12)}`;
}

/** Exact pads VAT codes to three characters ("02 "), account codes to 18 with leading spaces. */
export const padVatCode = (code: string): string => code.padEnd(3, ' ');
export const padAccountCode = (n: number): string => String(n).padStart(18, ' ');

export interface DivisionBooks {
  division: number;
  accounts: Map<string, SimEntity>;
  entries: Map<string, SimEntity>;
  entryLines: Map<string, SimEntity[]>;
  invoices: Map<string, SimEntity>;
  invoiceLines: Map<string, SimEntity[]>;
  vatCodes: SimEntity[];
  glAccounts: SimEntity[];
  journals: SimEntity[];
  items: SimEntity[];
  counters: { nextAccountCode: number; nextEntryNumber: number; nextInvoiceNumber: number };
}

const VAT_CODES: [code: string, description: string, percentage: number, type: string, transaction: string, listing: string, oss: string | null][] = [
  ['00', 'Geen BTW', 0, 'N', 'B', 'N', null],
  ['01', 'Af te dragen BTW laag tarief, exclusief', 0.09, 'E', 'S', 'N', null],
  ['02', 'Af te dragen BTW hoog tarief, exclusief', 0.21, 'E', 'S', 'N', null],
  ['03', 'BTW 0%, exclusief', 0, 'B', 'S', 'N', null],
  ['04', 'Leveringen naar landen binnen de EU', 0, 'B', 'S', 'L', null],
  ['05', 'Diensten naar landen binnen de EU', 0, 'B', 'S', 'S', null],
  ['06', 'Export buiten de EU', 0, 'B', 'S', 'N', null],
  ['07', 'Te vorderen BTW hoog tarief, exclusief', 0.21, 'E', 'P', 'N', null],
  ['08', 'Af te dragen BTW hoog tarief, inclusief', 0.21, 'I', 'S', 'N', null],
  ['09', 'Af te dragen BTW hoog tarief (oud)', 0.19, 'E', 'S', 'N', null],
  ['O1', 'OSS Duitsland hoog', 0.19, 'E', 'S', 'N', 'DE'],
  ['O2', 'OSS Duitsland laag', 0.07, 'E', 'S', 'N', 'DE'],
  ['O3', 'OSS België hoog', 0.21, 'E', 'S', 'N', 'BE'],
  ['O4', 'OSS België laag', 0.06, 'E', 'S', 'N', 'BE'],
  ['O5', 'OSS Frankrijk hoog', 0.2, 'E', 'S', 'N', 'FR'],
  ['O6', 'OSS Frankrijk laag', 0.055, 'E', 'S', 'N', 'FR'],
  ['O7', 'OSS Oostenrijk hoog', 0.2, 'E', 'S', 'N', 'AT'],
  ['O8', 'OSS Spanje hoog', 0.21, 'E', 'S', 'N', 'ES'],
  ['O9', 'OSS Italië hoog', 0.22, 'E', 'S', 'N', 'IT'],
];

const GL_ACCOUNTS: [code: string, description: string, type: number, blocked?: boolean][] = [
  ['1300', 'Debiteuren', 20],
  ['1500', 'Af te dragen BTW', 24],
  ['1650', 'Vooruitontvangen cadeaubonnen', 32],
  ['8000', 'Omzet hoog tarief', 110],
  ['8001', 'Omzet (vervallen)', 110, true],
  ['8010', 'Omzet laag tarief', 110],
  ['8100', 'Omzet binnen de EU', 110],
  ['8110', 'Omzet OSS', 110],
  ['8200', 'Omzet export', 110],
  ['8300', 'Doorberekende verzendkosten', 110],
  ['8400', 'Doorberekende betaalkosten', 110],
  ['8999', 'Afrondingsverschillen', 140],
];

const GL_TYPES: Record<number, string> = { 20: 'Accounts receivable', 24: 'VAT', 32: 'Other assets', 110: 'Revenue', 140: 'Exceptional income' };

export function seedDivision(division: number, rng: Rng): DivisionBooks {
  const vatCodes = VAT_CODES.map(([code, description, percentage, type, transaction, listing, oss]) => ({
    ID: guidFrom(rng), Code: padVatCode(code), Description: description, Percentage: percentage, Type: type, VATTransactionType: transaction,
    IsBlocked: code === '09', EUSalesListing: listing, OssCountry: oss, Charged: listing !== 'N', Division: division,
  }));
  const glAccounts = GL_ACCOUNTS.map(([code, description, type, blocked]) => ({
    ID: guidFrom(rng), Code: code, Description: description, Type: type, TypeDescription: GL_TYPES[type] ?? '', BalanceSide: type >= 100 ? 'C' : 'D',
    BalanceType: type >= 100 ? 'W' : 'B', IsBlocked: blocked === true, Division: division,
  }));
  const journals = [
    { ID: guidFrom(rng), Code: '20', Description: 'Bank', Type: 12, IsBlocked: false, Division: division },
    { ID: guidFrom(rng), Code: '70', Description: 'Verkoopboek', Type: 20, IsBlocked: false, Division: division },
    { ID: guidFrom(rng), Code: '71', Description: 'Verkoopboek webshop', Type: 20, IsBlocked: false, Division: division },
    { ID: guidFrom(rng), Code: '90', Description: 'Memoriaal', Type: 90, IsBlocked: false, Division: division },
  ];
  const revenue = glAccounts.find((g) => g.Code === '8000')?.ID ?? '';
  const items = [
    { ID: guidFrom(rng), Code: 'WEBSHOP', Description: 'Webshopverkoop', GLRevenue: revenue, SalesVatCode: padVatCode('02'), IsSalesItem: true, Division: division },
  ];
  return {
    division, accounts: new Map(), entries: new Map(), entryLines: new Map(), invoices: new Map(), invoiceLines: new Map(),
    vatCodes, glAccounts, journals, items,
    counters: { nextAccountCode: 1, nextEntryNumber: 25_700_001, nextInvoiceNumber: 25_000_001 },
  };
}
