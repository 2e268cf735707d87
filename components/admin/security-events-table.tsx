'use client';

import { useId } from 'react';
import { usePagedList } from '@/lib/client/use-paged-list';
import type { SecurityEvent } from '@/lib/events/types';
import { EventTime, eventAddress, eventDevice, eventLabel, eventNote, isWarning } from '../events/event-text';
import { LoadState } from '../ui/load-state';
import { ShowMore } from '../ui/show-more';
import { DataCell, DataRow, DataTable, RowHeaderCell } from '@/components/ui/data-table';

const COLUMNS = ['When', 'Event', 'Account', 'Device', 'IP address'];

function EventRow({ event }: { event: SecurityEvent }) {
  const note = eventNote(event);
  return (
    <DataRow>
      <DataCell label="When" className="whitespace-nowrap text-fg-muted">
        <EventTime event={event} />
      </DataCell>
      <RowHeaderCell className={isWarning(event) ? 'text-danger' : 'text-fg'}>
        {eventLabel(event)}
        {note ? <span className="block font-normal text-fg-muted">{note}</span> : null}
      </RowHeaderCell>
      <DataCell label="Account" className="wrap-anywhere text-fg-muted">
        {event.email ?? '—'}
        {/* A failed sign-in may name an address no account uses: that is worth seeing. A deleted
            account's events keep its id only. */}
        {event.userId === null ? <span className="block text-fg-subtle">no account</span> : event.email === null ? <span className="block text-fg-subtle">deleted account</span> : null}
      </DataCell>
      <DataCell label="Device" className="text-fg-muted">
        {eventDevice(event)}
      </DataCell>
      {/* On a card an IPv6 address may need to break; in a table column it keeps to one line. */}
      <DataCell label="IP address" className="break-all text-fg-muted lg:whitespace-nowrap">
        {eventAddress(event)}
      </DataCell>
    </DataRow>
  );
}

/** The security log of every account, newest first. The API answers admins only. */
export function SecurityEventsTable() {
  const { loaded, reload, more, loadMore } = usePagedList<SecurityEvent>('/api/admin/events', 'events');
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="mt-8 rounded-xl border border-line bg-surface p-6 shadow-sm">
      <h2 id={headingId}>
        Security events
      </h2>
      <p className="mt-1 text-sm text-fg-muted">The most recent sign-ins, failures, revocations and password changes across all accounts.</p>
      <LoadState loaded={loaded} loading="Loading the security events…" onRetry={reload}>
        {({ items, nextCursor }) =>
          items.length === 0 ? (
            <p className="mt-4 text-sm text-fg-muted">Nothing has been recorded yet.</p>
          ) : (
            <>
              <DataTable caption="Security events, newest first" columns={COLUMNS} className="mt-4">
                {items.map((event) => (
                  <EventRow key={event.id} event={event} />
                ))}
              </DataTable>
              <ShowMore hasMore={nextCursor !== null} more={more} onMore={loadMore} label="Show more events" />
            </>
          )
        }
      </LoadState>
    </section>
  );
}
