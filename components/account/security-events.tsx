'use client';

import { useOnArrived } from '@/lib/client/use-api-data';
import { usePagedList } from '@/lib/client/use-paged-list';
import type { SecurityEvent } from '@/lib/events/types';
import { EventTime, eventAddress, eventDevice, eventLabel, eventNote, isWarning } from '../events/event-text';
import { LoadState } from '../ui/load-state';
import { ShowMore } from '../ui/show-more';
import { Panel } from './panel';

function EventItem({ event }: { event: SecurityEvent }) {
  const note = eventNote(event);
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-3 text-sm">
      <div>
        <p className={`font-medium ${isWarning(event) ? 'text-danger' : 'text-fg'}`}>{eventLabel(event)}</p>
        {note ? <p className="text-fg-muted">{note}</p> : null}
        <p className="text-fg-muted">
          {eventDevice(event)} · {eventAddress(event)}
        </p>
      </div>
      <EventTime event={event} className="text-fg-subtle" />
    </li>
  );
}

/**
 * The signed-in user's own security log, newest first, so they can spot what was not them.
 * `onArrived`: its first page (or its failure) is in.
 */
export function SecurityEventsSection({ onArrived }: { onArrived: () => void }) {
  const { loaded, reload, more, loadMore } = usePagedList<SecurityEvent>('/api/auth/events', 'events');
  useOnArrived(loaded, onArrived);
  return (
    <Panel title="Recent security activity">
      <p className="mt-1 text-sm text-fg-muted">
        Sign-ins, password changes and other security events on your account, newest first. If something here was not you,
        change your password and log out everywhere.
      </p>
      <LoadState loaded={loaded} loading="Loading your security activity…" onRetry={reload}>
        {({ items, nextCursor }) =>
          items.length === 0 ? (
            <p className="mt-4 text-sm text-fg-muted">Nothing has been recorded yet.</p>
          ) : (
            <>
              <ul className="mt-2 divide-y divide-line">
                {items.map((event) => (
                  <EventItem key={event.id} event={event} />
                ))}
              </ul>
              <ShowMore hasMore={nextCursor !== null} more={more} onMore={loadMore} label="Show more activity" />
            </>
          )
        }
      </LoadState>
    </Panel>
  );
}
