import * as rds from 'aws-cdk-lib/aws-rds';

/**
 * The PostgreSQL version of every lab database, pinned to a minor version RDS still creates. The
 * bare major version ("16") is flagged by cfn-lint (W3691) as deprecated for new DB instances;
 * cfn-lint's bundled RDS engine data (cfnlint/data/schemas/extensions/aws_rds_dbinstance/) lists
 * the creatable ones. Bump it here, in one place, when RDS retires it.
 */
export const LAB_POSTGRES_VERSION = rds.PostgresEngineVersion.VER_16_13;
