/** A campaign's contacts, a page at a time, filtered by state; Remove where the transition table allows it. */
import { useCallback, useEffect, useState } from 'react';
import type { AdminContact } from '../../core/contract';
import { CONTACT_STATE_IDS, displayState, isContactState } from '../../core/states';
import { nextState } from '../../core/transitions';
import { useHost } from '../host';
import { totalContacts } from './CampaignList';
import { ProblemBanner, problemText } from './ProblemBanner';

const PAGE_SIZE = 50;

/** The server decides; a state this build does not know is left for it to judge. */
function removable(state: string): boolean {
  return !isContactState(state) || nextState(state, 'remove') !== null;
}

export function ContactList({ campaignId, counts }: { campaignId: string; counts: Record<string, number> }) {
  const { api } = useHost();
  const [state, setState] = useState('');
  const [pages, setPages] = useState<string[]>([]);
  const [page, setPage] = useState<{ contacts: AdminContact[]; next: string | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const after = pages[pages.length - 1];
  const total = totalContacts(counts);

  const load = useCallback(async () => {
    try {
      setPage(
        await api.adminListContacts({
          campaignId,
          limit: PAGE_SIZE,
          ...(state ? { state } : {}),
          ...(after ? { after } : {}),
        }),
      );
    } catch (err) {
      setProblem(problemText(err));
    }
  }, [api, campaignId, state, after]);

  useEffect(() => {
    void load();
  }, [load, total, counts]);

  const remove = async (c: AdminContact) => {
    if (
      !window.confirm(`Remove ${c.name || c.phone}? The contact becomes Removed and is never called again.`)
    )
      return;
    try {
      await api.adminRemoveContact({ contactId: c.id });
      await load();
    } catch (err) {
      setProblem(problemText(err));
    }
  };

  return (
    <section aria-label="Contacts">
      <h3>Contacts</h3>
      <label>
        State{' '}
        <select
          aria-label="Filter by state"
          value={state}
          onChange={(e) => {
            setState(e.target.value);
            setPages([]);
          }}
        >
          <option value="">All</option>
          {CONTACT_STATE_IDS.map((s) => (
            <option key={s} value={s}>
              {displayState(s)}
            </option>
          ))}
        </select>
      </label>
      <ProblemBanner problem={problem} />
      <table className="list" data-testid="contact-list">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Phone</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {page?.contacts.map((c) => (
            <tr key={c.id} data-testid={`contact-${c.id}`} data-state={c.state}>
              <td>{c.name}</td>
              <td>{c.phone}</td>
              <td title={c.reason ?? undefined}>{displayState(c.state)}</td>
              <td>{c.attempts}</td>
              <td>
                {removable(c.state) && (
                  <button type="button" className="quiet" onClick={() => void remove(c)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {pages.length > 0 && (
          <button type="button" onClick={() => setPages((p) => p.slice(0, -1))}>
            Previous
          </button>
        )}
        {page?.next && (
          <button type="button" onClick={() => setPages((p) => [...p, page.next!])}>
            Next
          </button>
        )}
      </div>
    </section>
  );
}
