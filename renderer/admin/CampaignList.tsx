/** Every campaign on the server with its status and size; Show picks the one the panel below shows. */
import type { AdminCampaign } from '../../core/contract';

export function totalContacts(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function CampaignList({
  campaigns,
  selected,
  onSelect,
}: {
  campaigns: AdminCampaign[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <section className="panel" aria-label="Campaigns">
      <h2>Campaigns</h2>
      {campaigns.length === 0 && <p className="status">No campaign yet: create one below.</p>}
      {campaigns.length > 0 && (
        <table className="list" data-testid="campaign-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Mode</th>
              <th scope="col">Status</th>
              <th scope="col">Contacts</th>
              <th scope="col">
                <span className="visually-hidden">Show</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((k) => (
              <tr key={k.id} data-testid={`campaign-${k.id}`} aria-selected={k.id === selected}>
                <td>{k.name}</td>
                <td>{k.mode}</td>
                <td data-testid="campaign-status">{k.status}</td>
                <td>{totalContacts(k.counts)}</td>
                <td>
                  <button type="button" className="quiet" onClick={() => onSelect(k.id)}>
                    {k.id === selected ? 'Shown below' : 'Show'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
