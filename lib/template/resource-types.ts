// Kinds of CloudFormation resource types the scope diff and the checks tell apart.

/** Types whose replacement or deletion loses data. */
export const STATEFUL_TYPES = new Set([
  'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::S3::Bucket', 'AWS::DynamoDB::Table',
  'AWS::EC2::Volume', 'AWS::EFS::FileSystem', 'AWS::Logs::LogGroup', 'AWS::KMS::Key',
  'AWS::SQS::Queue', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::CloudTrail::Trail', 'AWS::SSM::Parameter',
]);

/** Permission and wiring resources a fix may legitimately drop (a policy, a rule, an attachment). */
export const REMOVABLE_TYPES = new Set([
  'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::UserToGroupAddition', 'AWS::Lambda::Permission',
  'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::S3::BucketPolicy', 'AWS::SNS::TopicPolicy',
  'AWS::CDK::Metadata',
]);

