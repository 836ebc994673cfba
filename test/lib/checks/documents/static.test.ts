import type { StaticEvidence } from '../../../../lib/model/drill';
import { runbookCoversChanges, runbookMentions, runbookSectionsFilled, runbookStopRulesGuard } from '../../../../lib/checks/documents/static';
import { parseRunbook } from '../../../../lib/checks/documents/runbook';
import type { ResourceChange } from '../../../../lib/model/evidence';
import type { TemplateJson } from '../../../../lib/model/template';

const TEMPLATE: TemplateJson = {
  Resources: {
    CatalogDb87159883: { Type: 'AWS::RDS::DBInstance', Properties: {}, Metadata: { 'aws:cdk:path': 'lab/CatalogDb/Resource' } },
    DbSecurityGroupE9D701AD: { Type: 'AWS::EC2::SecurityGroup', Properties: {}, Metadata: { 'aws:cdk:path': 'lab/DbSecurityGroup/Resource' } },
    Reports1234: { Type: 'AWS::S3::Bucket', Properties: {}, Metadata: { 'aws:cdk:path': 'lab/ReportsBucket/Bucket/Resource' } },
  },
};

const change = (constructId: string, logicalId: string, type: string, kind: ResourceChange['kind'] = 'updated'): ResourceChange => ({
  logicalId, path: `${constructId}/Resource`, constructId, type, kind, properties: ['X'],
});
const DB_CHANGE = change('CatalogDb', 'CatalogDb87159883', 'AWS::RDS::DBInstance');
const SG_CHANGE = change('DbSecurityGroup', 'DbSecurityGroupE9D701AD', 'AWS::EC2::SecurityGroup');

function evidence(markdown: string, changes: readonly ResourceChange[] = [DB_CHANGE, SG_CHANGE]): StaticEvidence {
  return {
    template: TEMPLATE,
    baseline: TEMPLATE,
    nag: [],
    scope: { changes, violations: [] },
    runbook: parseRunbook(markdown, 'drills/x/RUNBOOK.md'),
    documents: {},
    identity: { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' },
    environment: { account: 'unknown-account', region: 'unknown-region' },
  };
}

const runbook = (stopRules: string, plan = 'Resize CatalogDb, then tighten DbSecurityGroup to one port.') => `# Runbook

## Change plan
${plan}

## Stop rules
${stopRules}
`;

describe('runbookStopRulesGuard', () => {
  const check = runbookStopRulesGuard('stop', 'Stop rules', ['CatalogDb']);

  test('Compliance: names the database and stops on its replacement or deletion', () => {
    const v = check.run(evidence(runbook('Stop if `cdk diff` shows CatalogDb replaced or deleted.')));
    expect(v).toEqual({ status: 'pass', message: expect.stringContaining('CatalogDb') });
  });

  test('Compliance: the logical id counts as naming the resource, and "destroy" as a loss condition', () => {
    expect(check.run(evidence(runbook('Stop when the diff would destroy CatalogDb87159883 at all.'))).status).toBe('pass');
  });

  test('Noncompliance 1: an unfilled section fails, naming the runbook file', () => {
    const v = check.run(evidence(runbook('<!-- when do you stop? -->')));
    expect(v).toEqual({ status: 'fail', message: 'drills/x/RUNBOOK.md: the "Stop rules" section is not filled in' });
  });

  test('Noncompliance 2: stop rules that do not name the database fail, naming the file and the database', () => {
    const v = check.run(evidence(runbook('Stop if anything gets replaced or deleted.')));
    expect(v.status).toBe('fail');
    expect(v.message).toContain('drills/x/RUNBOOK.md');
    expect(v.message).toContain('CatalogDb');
  });

  test('Noncompliance 3: naming the database without a replacement or deletion condition fails', () => {
    const v = check.run(evidence(runbook('Stop if CatalogDb looks slow after the change.')));
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(/no stop condition on a replacement or deletion/);
  });

  test('Noncompliance 4: a stateful resource the diff touches must be named too, even when not listed', () => {
    const bucket = change('ReportsBucket', 'Reports1234', 'AWS::S3::Bucket');
    const v = check.run(evidence(runbook('Stop if CatalogDb would be replaced or deleted.'), [DB_CHANGE, bucket]));
    expect(v.status).toBe('fail');
    expect(v.message).toContain('ReportsBucket');
  });

  test('Compliance: stateless changes (a security group) need not be named in the stop rules', () => {
    const v = runbookStopRulesGuard('stop', 'Stop rules').run(evidence(runbook('Stop if CatalogDb would be replaced.'), [DB_CHANGE, SG_CHANGE]));
    expect(v.status).toBe('pass');
  });

  test('Noncompliance 5: a missing section fails', () => {
    expect(check.run(evidence('# Runbook\n\n## Change plan\nResize CatalogDb to db.t3.small.\n')).status).toBe('fail');
  });
});

describe('existing runbook checks keep working', () => {
  test('runbookSectionsFilled names the file and the empty sections', () => {
    const v = runbookSectionsFilled('filled', ['Change plan', 'Stop rules']).run(evidence(runbook('TODO')));
    expect(v).toEqual({ status: 'fail', message: 'drills/x/RUNBOOK.md: fill in "Stop rules"' });
  });

  test('runbookCoversChanges fails on a changed resource the plan does not name', () => {
    const v = runbookCoversChanges('plan', 'Change plan').run(evidence(runbook('Stop if CatalogDb is replaced.', 'Resize CatalogDb to db.t3.small tonight.')));
    expect(v).toEqual({ status: 'fail', message: expect.stringContaining('DbSecurityGroup') });
  });

  test('runbookCoversChanges passes when every changed resource is named with what changed and why', () => {
    const plan = 'Resize CatalogDb from db.t3.micro to db.t3.small because the catalogue outgrew its memory. Tighten DbSecurityGroup to tcp 5433 from the app tier only, to cut what a compromised server reaches.';
    const v = runbookCoversChanges('plan', 'Change plan').run(evidence(runbook('Stop if CatalogDb is replaced.', plan)));
    expect(v).toEqual({ status: 'pass', message: expect.stringContaining('CatalogDb ("Resize CatalogDb from db.t3.micro') });
  });

  test('runbookMentions lists the terms a section lacks', () => {
    const v = runbookMentions('gates', 'Stop rules', [{ label: 'the diff gate', pattern: /cdk diff/ }]).run(evidence(runbook('Stop if CatalogDb is replaced.')));
    expect(v).toEqual({ status: 'fail', message: 'drills/x/RUNBOOK.md: the "Stop rules" section does not name the diff gate' });
  });
});

/** A Record section, as the student wrote it, graded against two changed resources. */
const record = (body: string, heading = '## Record') => runbookCoversChanges('record', 'Record').run(evidence(`# Runbook\n\n${heading}\n${body}\n`));

describe('runbookCoversChanges: the Record as a reader sees it', () => {
  const GOOD = 'Changed CatalogDb (db.t3.micro to db.t3.small, applied in the maintenance window) and DbSecurityGroup (only tcp 5433 from the app tier). Why: the catalogue outgrew its memory, and the database was open to all traffic.';
  test.each([
    ['the reference style: one paragraph, a Why', GOOD],
    ['a list, one item per resource, each with because', '- CatalogDb: resized to db.t3.small because queries ran out of memory\n- DbSecurityGroup: admits tcp 5433 from AppSecurityGroup only, to limit what a compromised host reaches'],
    ['a list, and a Why item for all', '- CatalogDb resized to db.t3.small in the window\n- DbSecurityGroup narrowed to tcp 5433 from the app tier\n- Why: memory pressure, and an over-open database port'],
    ['by logical id', 'CatalogDb87159883 resized to db.t3.small and DbSecurityGroupE9D701AD narrowed to tcp 5433 from the app, because of memory pressure and an open port.'],
  ])('passes: %s', (_name, body) => {
    expect(record(body)).toMatchObject({ status: 'pass' });
  });
  test.each([
    ['numbered', '## 6. Record'], ['lower case with a colon', '## record:'], ['Step style', '## Step 6 - Record'],
  ])('a %s heading is the Record section', (_name, heading) => {
    expect(record(GOOD, heading)).toMatchObject({ status: 'pass' });
  });
  test.each([
    ['the ids alone', 'CatalogDb DbSecurityGroup'],
    ['filler naming the ids', 'CatalogDb and DbSecurityGroup were changed because of reasons.'],
    ['keyword stuffing', 'CatalogDb CatalogDb DbSecurityGroup DbSecurityGroup changed changed because because.'],
    ['what, but no why', '- CatalogDb resized to db.t3.small in the window\n- DbSecurityGroup narrowed to tcp 5433 from the app tier'],
    ['one resource explained, the other only named', 'Resized CatalogDb to db.t3.small because the catalogue outgrew its memory. Also DbSecurityGroup.'],
  ])('fails: %s', (_name, body) => {
    expect(record(body)).toMatchObject({ status: 'fail' });
  });
  test.each([
    ['in hidden HTML', `Resized CatalogDb to db.t3.small because memory ran out. <span hidden>DbSecurityGroup narrowed to tcp 5433 because it was open</span>`],
    ['in an HTML comment', `Resized CatalogDb to db.t3.small because memory ran out. <!-- DbSecurityGroup narrowed to tcp 5433 because it was open -->`],
    ['in an HTML block', `Resized CatalogDb to db.t3.small because memory ran out.\n\n<div style="display:none">DbSecurityGroup narrowed to tcp 5433 because it was open</div>`],
    ['in image alt text', `Resized CatalogDb to db.t3.small because memory ran out. ![DbSecurityGroup narrowed to tcp 5433 because it was open](x.png)`],
  ])('what a reader does not see does not count: the second resource %s', (_name, body) => {
    expect(record(body)).toEqual({ status: 'fail', message: expect.stringContaining('does not name the changed resource(s) DbSecurityGroup') });
  });
});
