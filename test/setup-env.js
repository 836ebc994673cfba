// The CloudFormation schema validator costs ~1.5 s a synth and checks nothing our tests rely on.
process.env.CDK_VALIDATION = 'false';
