import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { LiveSession, s3ForcePathStyle } from '../../../lib/live/session';

describe('s3ForcePathStyle: the CDK toolkit\'s rule for path-style S3 addressing', () => {
  test.each([
    ['AWS_ENDPOINT_URL on localhost', { AWS_ENDPOINT_URL: 'http://localhost:5000' }, true],
    ['AWS_ENDPOINT_URL on LOCALHOST, any case', { AWS_ENDPOINT_URL: 'http://LocalHost:5000' }, true],
    ['AWS_ENDPOINT_URL on 127.0.0.1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, true],
    ['AWS_ENDPOINT_URL on [::1]', { AWS_ENDPOINT_URL: 'http://[::1]:4566' }, true],
    ['the S3 endpoint on loopback, the general one elsewhere', { AWS_ENDPOINT_URL: 'https://aws.example.com', AWS_ENDPOINT_URL_S3: 'http://localhost:9000' }, true],
    ['CDK_S3_FORCE_PATH_STYLE, whatever the endpoint', { CDK_S3_FORCE_PATH_STYLE: '1', AWS_ENDPOINT_URL: 'https://minio.example.com' }, true],
  ])('path-style: %s', (_name, env, want) => {
    expect(s3ForcePathStyle(env)).toBe(want);
  });

  test.each([
    ['no endpoint (real AWS)', {}],
    ['a custom endpoint that is not loopback', { AWS_ENDPOINT_URL: 'https://s3.example.com' }],
    ['the S3 endpoint elsewhere, the general one on loopback', { AWS_ENDPOINT_URL: 'http://localhost:5000', AWS_ENDPOINT_URL_S3: 'https://s3.example.com' }],
    ['a host that only starts like localhost', { AWS_ENDPOINT_URL: 'http://localhost.example.com' }],
    ['an endpoint that is not a URL', { AWS_ENDPOINT_URL: 'localhost:5000' }],
  ])('left to the SDK: %s', (_name, env) => {
    expect(s3ForcePathStyle(env)).toBeUndefined();
  });
});

describe('LiveSession: the S3 client follows it; the SDK\'s own forcePathStyle option wins', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  async function client(ClientClass: typeof S3Client | typeof EC2Client, clientConfig?: Record<string, unknown>) {
    const session = new LiveSession({ region: 'eu-west-1', clientConfig });
    await session.region();
    return session.client(ClientClass as typeof S3Client);
  }

  test('S3 goes path-style against a loopback endpoint', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:5123';
    expect((await client(S3Client)).config.forcePathStyle).toBe(true);
  });

  test('S3 stays virtual-hosted against AWS', async () => {
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_S3;
    delete process.env.CDK_S3_FORCE_PATH_STYLE;
    expect((await client(S3Client)).config.forcePathStyle).toBe(false);
  });

  test('forcePathStyle: false given to the session wins over a loopback endpoint', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:5123';
    expect((await client(S3Client, { forcePathStyle: false })).config.forcePathStyle).toBe(false);
  });

  test('other clients get no S3 setting', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:5123';
    expect((await client(EC2Client)).config).not.toHaveProperty('forcePathStyle');
  });
});
