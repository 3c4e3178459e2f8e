// Shown for unknown hosts, other tenants' torrents and any missing page alike, so a
// visitor cannot tell "exists elsewhere" from "does not exist".
import { Card, PageTitle } from '@swarmhost/ui';

export default function NotFound() {
  return (
    <Card>
      <PageTitle subtitle="Check the address. If you followed a link to a community, it may not exist or may have moved.">Not found</PageTitle>
      <p className="text-slate-700">Nothing lives at this address.</p>
    </Card>
  );
}
