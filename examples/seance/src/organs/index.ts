// Importing this module is what lets discovery (`container.resolve(Spine)`) find the organs.
export { SummonSpirit } from './summon-spirit.organ';
export { AskQuestion } from './ask-question.organ';
export { InterpretResponse } from './interpret-response.organ';
export { ManifestEffect } from './manifest-effect.organ';
