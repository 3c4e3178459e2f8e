// What visitors of a suspended community see instead of its pages.
import { Card, Notice, PageTitle } from '@swarmhost/ui';

export function SuspendedNotice(props: { name: string; reason: string | null }) {
  return (
    <Card>
      <PageTitle>{props.name} is suspended</PageTitle>
      <Notice tone="error">
        This community is not available right now{props.reason ? `: ${props.reason}` : ''}. Its members’ BitTorrent clients are paused too. Contact the
        community’s operator if you think this is a mistake.
      </Notice>
    </Card>
  );
}
