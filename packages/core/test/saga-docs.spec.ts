// The example of docs/sagas.md, type-checked and run as it is.
import '../src';
import { describeExample } from './doc-snippets';

describeExample('docs/sagas.md', 'Example: an order saga', [
  'order A-1 shipped (30 charged)', 'order A-2 shipped (12 charged)', 'A-1: version 3, shipped',
]);
describeExample('docs/sagas.md', 'Example: cancel an unpaid order', ['A-1: paid', 'A-2: not paid in time, cancelled']);
