// What the cost-traps lab must keep while it gets cheaper (README: "What the team needs"), as
// functions of the values the template and the AWS APIs both give: the static and the live
// checks judge with the same code.
import { render } from '../../../lib/template/read';

/** Burstable classes with 2 to 4 GiB of memory: what the orders database needs, and no more. */
export const DB_CLASSES = ['db.t3.small', 'db.t4g.small', 'db.t3.medium', 'db.t4g.medium'];
export const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));

/**
 * What is wrong with the web servers' volumes, from the launch template's BlockDeviceMappings (the
 * template's LaunchTemplateData and DescribeLaunchTemplateVersions have the same shape), after
 * the template's name: `names no root volume...`, `: 30 GB gp2; want gp3...`; undefined when fine.
 */
export function rootVolumesProblem(mappings: readonly unknown[]): string | undefined {
  const devices = mappings.map((b: any) => b?.Ebs).filter(Boolean);
  if (devices.length === 0) return 'names no root volume: keep the 30 GB root, as gp3';
  const off = devices.filter((e: any) => e.VolumeType !== 'gp3' || !(num(e.VolumeSize)! >= 30));
  if (off.length) return `: ${off.map((e: any) => `${e.VolumeSize ?? '?'} GB ${e.VolumeType ?? 'gp2 (default)'}`).join(', ')}; want gp3 of at least 30 GB`;
  return undefined;
}

/** What is wrong with the data volume's type, size and performance (template properties or DescribeVolumes' fields). */
export function dataVolumeProblems(v: { VolumeType?: unknown; Size?: unknown; Iops?: unknown; Throughput?: unknown }): string[] {
  const problems: string[] = [];
  if (v.VolumeType !== 'gp3') problems.push(`VolumeType is ${v.VolumeType ?? 'gp2 (default)'}, want gp3 (3000 IOPS and 125 MB/s included)`);
  if (!(num(v.Size)! >= 50)) problems.push(`Size is ${v.Size ?? 'unset'}, want at least 50 GB`);
  if (v.VolumeType === 'gp3' && num(v.Iops) !== undefined && num(v.Iops)! < 3000) problems.push(`Iops is ${v.Iops}, want at least 3000`);
  if (v.VolumeType === 'gp3' && num(v.Throughput) !== undefined && num(v.Throughput)! < 125) problems.push(`Throughput is ${v.Throughput}, want at least 125`);
  return problems;
}

/** What is wrong with the database's size (template properties or DescribeDBInstances' fields). */
export function dbSizeProblems(db: { DBInstanceClass?: unknown; MultiAZ?: unknown; AllocatedStorage?: unknown }): string[] {
  const problems: string[] = [];
  if (!DB_CLASSES.includes(db.DBInstanceClass as string)) problems.push(`DBInstanceClass is ${render(db.DBInstanceClass)}, want one of ${DB_CLASSES.join(', ')}`);
  if (db.MultiAZ !== true && db.MultiAZ !== 'true') problems.push('MultiAZ is off: the team rehearses failovers on this database, it must stay Multi-AZ');
  if (!(num(db.AllocatedStorage)! >= 20)) problems.push(`AllocatedStorage is ${db.AllocatedStorage ?? 'unset'}, want at least 20 GB`);
  return problems;
}
