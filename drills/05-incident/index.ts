import type { Drill } from '../../lib/grading/drill';
import { Injection, revokeIngressFrom } from '../../lib/live/checks/incident-inject';
import liveIncident from './live-incident/drill';
import silentAlarms from './silent-alarms/drill';

/** The drills of module 05, in the order students take them. */
export const drills: readonly Drill[] = [silentAlarms, liveIncident];

/** Incidents `awswo inject <drill>` puts into a deployed lab, by drill id. */
export const injections: Readonly<Record<string, Injection>> = {
  [liveIncident.id]: revokeIngressFrom('WebSecurityGroup', 'AlbSecurityGroup', 80),
};
