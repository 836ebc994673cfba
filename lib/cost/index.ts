export * from './prices';
export * from './estimate';
export * from './risks';
export * from './render';
export * from './lab-estimate';
export * from './loops';
