import { pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * A target connection the vendor answered 429: no call goes out before `until` (the vendor's reset), whatever
 * the budget's own count says. Kept apart from `target_calls` so a refused minute takes nothing from the day.
 */
export const targetBudgetHolds = pgTable('target_budget_holds', {
  connectionId: uuid().primaryKey(),
  until: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});
