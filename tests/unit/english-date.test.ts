import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longEnglishDate } from '../../lib/client/english-date';

test('longEnglishDate writes what Intl writes for en-US long dates, every month and day edge', () => {
  const intl = new Intl.DateTimeFormat('en-US', { dateStyle: 'long' });
  for (let month = 0; month < 12; month++) {
    for (const day of [1, 9, 10, 28]) {
      const date = new Date(2026, month, day, 23, 59);
      assert.equal(longEnglishDate(date), intl.format(date));
    }
  }
  assert.equal(longEnglishDate(new Date(2024, 1, 29)), 'February 29, 2024');
});
