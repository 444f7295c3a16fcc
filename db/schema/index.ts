export * from './tenants';
export * from './credentials';
export * from './sales';
export * from './access';
export * from './retention';
export * from './settings';
export * from './read-models';
export * from './redaction-days';
