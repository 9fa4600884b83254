/**
 * The mocha globals @web/test-runner provides, typed here because @types/mocha is not installed.
 * (With @types/mocha in devDependencies this file can go.)
 */
declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;
declare function beforeEach(body: () => void | Promise<void>): void;
declare function afterEach(body: () => void | Promise<void>): void;
declare function before(body: () => void | Promise<void>): void;
declare function after(body: () => void | Promise<void>): void;
