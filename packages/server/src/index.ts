export { buildApp, type NatterApp } from './app';
export { type Config, ConfigError, configFromEnv } from './config';
export { startTestServer, type TestServer } from './testing';
