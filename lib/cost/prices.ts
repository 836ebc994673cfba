// The price table `awswo cost` estimates from. Bundled, dated, never fetched at run time.
//
// Source: AWS on-demand list prices (Linux / open-source engines, USD) as published on the AWS
// pricing pages (aws.amazon.com/<service>/pricing) around June 2025. CAVEAT: the numbers were
// entered by hand without access to those pages or the Price List API when this table was written,
// so they are approximate: good for comparing labs and spotting traps (a NAT gateway per AZ, io2
// IOPS), not for invoices. Re-check them against the pricing pages (or the Price List API offer
// files AmazonEC2, AmazonRDS, AWSELB, AmazonVPC, AmazonCloudWatch, AWSLambda, AmazonS3) and bump
// PRICES_AS_OF when you edit any number. Free tiers, Savings Plans, Reserved Instances and taxes
// are not applied.

/** The pricing period the numbers below describe. */
export const PRICES_AS_OF = '2025-06-01';
export const PRICES_SOURCE = 'AWS on-demand list prices (Linux/open-source engines, USD) as published around June 2025, entered by hand and not yet re-checked against the pricing pages: approximate';

/** Regions the table covers, in the column order of every row below. */
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'] as const;
export type Region = (typeof REGIONS)[number];

/** Hours in a billing month, as AWS's pricing calculator counts them. */
export const HOURS_PER_MONTH = 730;

/** One price per region, in REGIONS order. */
type Row = readonly [number, number, number, number];

/** EC2 on-demand Linux, USD per instance-hour. */
export const EC2_HOURLY: Record<string, Row> = {
  't3.nano': [0.0052, 0.0052, 0.0057, 0.006],
  't3.micro': [0.0104, 0.0104, 0.0114, 0.012],
  't3.small': [0.0208, 0.0208, 0.0228, 0.024],
  't3.medium': [0.0416, 0.0416, 0.0456, 0.048],
  't3.large': [0.0832, 0.0832, 0.0912, 0.096],
  't3.xlarge': [0.1664, 0.1664, 0.1824, 0.192],
  't4g.nano': [0.0042, 0.0042, 0.0046, 0.0048],
  't4g.micro': [0.0084, 0.0084, 0.0092, 0.0096],
  't4g.small': [0.0168, 0.0168, 0.0184, 0.0192],
  't4g.medium': [0.0336, 0.0336, 0.0368, 0.0384],
  't4g.large': [0.0672, 0.0672, 0.0736, 0.0768],
  't2.micro': [0.0116, 0.0116, 0.0126, 0.0134],
  'm5.large': [0.096, 0.096, 0.107, 0.115],
  'm5.xlarge': [0.192, 0.192, 0.214, 0.23],
  'm6i.large': [0.096, 0.096, 0.107, 0.115],
  'm6g.large': [0.077, 0.077, 0.086, 0.092],
  'm7g.large': [0.0816, 0.0816, 0.0912, 0.0972],
  'c5.large': [0.085, 0.085, 0.096, 0.097],
  'c6g.large': [0.068, 0.068, 0.077, 0.078],
  'r5.large': [0.126, 0.126, 0.141, 0.152],
  'r6g.large': [0.1008, 0.1008, 0.1128, 0.1216],
};

/**
 * RDS on-demand single-AZ, USD per instance-hour, PostgreSQL rates (MySQL and MariaDB are within a
 * few percent; they are estimated at the same rate). Multi-AZ (one standby) is twice the rate.
 */
export const RDS_HOURLY: Record<string, Row> = {
  'db.t3.micro': [0.018, 0.018, 0.019, 0.021],
  'db.t3.small': [0.036, 0.036, 0.038, 0.042],
  'db.t3.medium': [0.072, 0.072, 0.076, 0.084],
  'db.t3.large': [0.145, 0.145, 0.152, 0.168],
  'db.t4g.micro': [0.016, 0.016, 0.017, 0.019],
  'db.t4g.small': [0.032, 0.032, 0.034, 0.037],
  'db.t4g.medium': [0.065, 0.065, 0.068, 0.074],
  'db.t4g.large': [0.129, 0.129, 0.136, 0.148],
  'db.m5.large': [0.178, 0.178, 0.191, 0.214],
  'db.m5.xlarge': [0.356, 0.356, 0.382, 0.428],
  'db.m5.2xlarge': [0.712, 0.712, 0.764, 0.856],
  'db.m6g.large': [0.159, 0.159, 0.171, 0.19],
  'db.m6i.large': [0.178, 0.178, 0.191, 0.214],
  'db.m7g.large': [0.168, 0.168, 0.18, 0.2],
  'db.r5.large': [0.25, 0.25, 0.275, 0.3],
  'db.r5.xlarge': [0.5, 0.5, 0.55, 0.6],
  'db.r6g.large': [0.225, 0.225, 0.247, 0.27],
};

/** RDS storage, USD per GB-month (single-AZ; Multi-AZ doubles it) and per provisioned IOPS-month. */
export const RDS_STORAGE = {
  gp2: { gbMonth: [0.115, 0.115, 0.127, 0.137] as Row },
  gp3: { gbMonth: [0.115, 0.115, 0.127, 0.137] as Row, iopsMonth: [0.02, 0.02, 0.022, 0.024] as Row, includedIops: 3000 },
  io1: { gbMonth: [0.125, 0.125, 0.138, 0.149] as Row, iopsMonth: [0.1, 0.1, 0.11, 0.12] as Row },
  io2: { gbMonth: [0.125, 0.125, 0.138, 0.149] as Row, iopsMonth: [0.1, 0.1, 0.11, 0.12] as Row },
  standard: { gbMonth: [0.1, 0.1, 0.11, 0.117] as Row },
};

/** EBS, USD per GB-month, per provisioned IOPS-month and per provisioned MB/s-month. */
export const EBS = {
  gp2: { gbMonth: [0.1, 0.1, 0.11, 0.119] as Row },
  gp3: {
    gbMonth: [0.08, 0.08, 0.088, 0.0952] as Row,
    iopsMonth: [0.005, 0.005, 0.0055, 0.006] as Row, includedIops: 3000,
    mbpsMonth: [0.04, 0.04, 0.044, 0.048] as Row, includedMbps: 125,
  },
  io1: { gbMonth: [0.125, 0.125, 0.138, 0.149] as Row, iopsMonth: [0.065, 0.065, 0.072, 0.078] as Row },
  // io2's first tier (up to 32,000 IOPS) costs the same as io1.
  io2: { gbMonth: [0.125, 0.125, 0.138, 0.149] as Row, iopsMonth: [0.065, 0.065, 0.072, 0.078] as Row },
  st1: { gbMonth: [0.045, 0.045, 0.05, 0.054] as Row },
  sc1: { gbMonth: [0.015, 0.015, 0.0168, 0.018] as Row },
  standard: { gbMonth: [0.05, 0.05, 0.055, 0.059] as Row },
};

/** Networking, USD per hour (and per GB processed). */
export const NETWORK = {
  natGatewayHour: [0.045, 0.045, 0.048, 0.052] as Row,
  natGatewayGb: [0.045, 0.045, 0.048, 0.052] as Row,
  /** Every public IPv4 address, in use or idle, since 2024-02-01. */
  publicIpv4Hour: [0.005, 0.005, 0.005, 0.005] as Row,
  albHour: [0.0225, 0.0225, 0.0252, 0.027] as Row,
  albLcuHour: [0.008, 0.008, 0.008, 0.0081] as Row,
  nlbHour: [0.0225, 0.0225, 0.0252, 0.027] as Row,
  nlbNlcuHour: [0.006, 0.006, 0.006, 0.0061] as Row,
  interfaceEndpointHour: [0.01, 0.01, 0.011, 0.012] as Row,
};

/** CloudWatch, USD. */
export const CLOUDWATCH = {
  /** A standard-resolution metric alarm (per metric it evaluates), per month. */
  alarmMonth: [0.1, 0.1, 0.1, 0.1] as Row,
  highResolutionAlarmMonth: [0.3, 0.3, 0.3, 0.3] as Row,
  compositeAlarmMonth: [0.5, 0.5, 0.5, 0.5] as Row,
  /** EC2 detailed monitoring: 7 metrics at $0.30 per metric-month (first tier). */
  detailedMonitoringInstanceMonth: [2.1, 2.1, 2.1, 2.1] as Row,
  /** A custom metric (e.g. from a log metric filter), per month, first tier. */
  customMetricMonth: [0.3, 0.3, 0.3, 0.3] as Row,
  logsIngestGb: [0.5, 0.5, 0.5, 0.63] as Row,
  logsStoreGbMonth: [0.03, 0.03, 0.03, 0.0324] as Row,
};

/** Lambda, USD (x86; arm64 duration is 20 % cheaper). */
export const LAMBDA = {
  perMillionRequests: [0.2, 0.2, 0.2, 0.2] as Row,
  perGbSecondX86: [0.0000166667, 0.0000166667, 0.0000166667, 0.0000166667] as Row,
  perGbSecondArm: [0.0000133334, 0.0000133334, 0.0000133334, 0.0000133334] as Row,
};

/** S3 storage, USD per GB-month, by storage class (first 50 TB tier). */
export const S3_STORAGE: Record<string, Row> = {
  STANDARD: [0.023, 0.023, 0.023, 0.0245],
  INTELLIGENT_TIERING: [0.023, 0.023, 0.023, 0.0245],
  STANDARD_IA: [0.0125, 0.0125, 0.0125, 0.0135],
  ONEZONE_IA: [0.01, 0.01, 0.01, 0.011],
  GLACIER_IR: [0.004, 0.004, 0.004, 0.005],
  GLACIER: [0.0036, 0.0036, 0.0036, 0.0045],
  DEEP_ARCHIVE: [0.00099, 0.00099, 0.00099, 0.0018],
};

/** KMS: a customer managed key, per month. */
export const KMS_KEY_MONTH: Row = [1, 1, 1, 1];

/** Secrets Manager: a secret, per month. */
export const SECRET_MONTH: Row = [0.4, 0.4, 0.4, 0.4];

/**
 * Usage a lab is assumed to have where the bill depends on traffic, not on what is deployed. Every
 * estimate that uses one says so in its assumptions.
 */
export const LAB_USAGE = {
  /** Data through each NAT gateway, GB per month. */
  natGbPerMonth: 5,
  /** Average load balancer capacity units consumed per hour. */
  albLcuPerHour: 1,
  /** Log data ingested into each log group, GB per month. */
  logGbPerMonth: 1,
  /** New data written to each bucket, GB per month. */
  s3GbPerMonth: 1,
  /** Data that never expires is costed as it stands after this many months. */
  horizonMonths: 12,
  /** Invocations of each Lambda function per month, and their average duration in ms. */
  lambdaInvocationsPerMonth: 100_000,
  lambdaAvgDurationMs: 200,
  /** Size of one RDS enhanced monitoring sample (sent to CloudWatch Logs), KB. */
  enhancedMonitoringSampleKb: 2,
  /** Root volume of an instance whose launch template does not say: 8 GB gp3 (Amazon Linux 2023). */
  defaultRootGb: 8,
} as const;

export function isRegion(region: string): region is Region {
  return (REGIONS as readonly string[]).includes(region);
}

/** The price of `row` in `region`. */
export function price(row: Row, region: Region): number {
  return row[REGIONS.indexOf(region)];
}
