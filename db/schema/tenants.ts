import { date, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A merchant. NAW, IBAN and VAT number are kept for the statutory term (retention table). */
export const tenants = pgTable('tenants', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  address: text().notNull().default(''),
  postcode: text().notNull().default(''),
  city: text().notNull().default(''),
  country: text().notNull().default('NL'),
  iban: text(),
  vatNumber: text(),
  plan: text().notNull().default('standard'),
  contractStartsOn: date({ mode: 'string' }),
  contractEndsOn: date({ mode: 'string' }),
  /** Set when the tenant is offboarded: sales and debtors are gone, statutory data remains until its term. */
  offboardedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Our invoices to the tenant (statutory term). */
export const tenantInvoices = pgTable('tenant_invoices', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  number: text().notNull().unique(),
  amountInclCents: integer().notNull(),
  issuedOn: date({ mode: 'string' }).notNull(),
});
