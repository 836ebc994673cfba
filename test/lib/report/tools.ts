import * as fs from 'fs';

/**
 * Tests that need a Debian tool (chromium, xmllint). "Never skip to get green": without the tool
 * they fail, saying how to install it, unless an explicit env var asks to skip them, and a skip is
 * then printed in one line.
 */
export function describeWithTool(tool: { path: string; apt: string; skipVar: string }, name: string, body: () => void): void {
  if (fs.existsSync(tool.path)) {
    describe(name, body);
    return;
  }
  if (process.env[tool.skipVar] === '1') {
    process.stderr.write(`SKIPPED: ${name}: ${tool.path} not found and ${tool.skipVar}=1\n`);
    describe.skip(name, body);
    return;
  }
  describe(name, () => {
    test(`${tool.path} is installed`, () => {
      throw new Error(`${tool.path} not found: apt-get install -y ${tool.apt} (or set ${tool.skipVar}=1 to skip these tests)`);
    });
  });
}

export const XMLLINT = { path: process.env.AWSWO_XMLLINT ?? '/usr/bin/xmllint', apt: 'libxml2-utils', skipVar: 'AWSWO_SKIP_XMLLINT' };
export const CHROMIUM = { path: process.env.AWSWO_CHROMIUM ?? '/usr/bin/chromium', apt: 'chromium', skipVar: 'AWSWO_SKIP_BROWSER' };
