/**
 * What a failed start prints (src/startup-failure.ts) and the one line of a tool's output
 * that says why (failureLine in src/db/local/local-neo4j.ts): a paragraph, never a stack.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { failureLine, LocalNeo4jError } from '../../src/db/local/local-neo4j.js';
import { startupFailure } from '../../src/startup-failure.js';

describe('startupFailure', () => {
  it('says our own failures as they are', () => {
    expect(startupFailure(new ConfigError('PORT must be a whole number'))).toBe('Quanzi cannot start: PORT must be a whole number');
    expect(startupFailure(new LocalNeo4jError('Java is missing.'))).toBe('Quanzi cannot start: Java is missing.');
  });

  it('turns a taken port into what to do', () => {
    const taken = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 4000, address: '127.0.0.1' });
    expect(startupFailure(taken)).toMatch(/^Quanzi cannot start: port 4000 on 127\.0\.0\.1 is already in use.*set PORT/);
  });

  it('gives anything else its first line and no stack, unless LOG_LEVEL=debug', () => {
    const bug = new TypeError('x is undefined\nmore detail');
    const plain = startupFailure(bug, 'info');
    expect(plain).toMatch(/^Quanzi failed to start: x is undefined\. .*LOG_LEVEL=debug/);
    expect(plain).not.toContain('\n');
    expect(startupFailure(bug, 'debug')).toContain('\n    at ');
  });
});

describe('failureLine', () => {
  it("takes Java's last cause, not the stack", () => {
    const output = [
      'Exception in thread "main" java.lang.RuntimeException: Error starting Neo4j',
      '\tat org.neo4j.Foo.bar(Foo.java:10)',
      'Caused by: org.neo4j.kernel.lifecycle.LifecycleException: Component failed',
      '\tat org.neo4j.Baz.qux(Baz.java:20)',
      'Caused by: java.net.BindException: Address already in use',
      '\tat sun.nio.ch.Net.bind0(Native Method)',
    ].join('\n');
    expect(failureLine(output)).toBe('java.net.BindException: Address already in use');
  });

  it("takes Maven's first [ERROR] line", () => {
    expect(failureLine('[INFO] x\n[ERROR] Failed to execute goal: Could not resolve dependencies\n[ERROR] more')).toBe(
      'Failed to execute goal: Could not resolve dependencies',
    );
  });
});
