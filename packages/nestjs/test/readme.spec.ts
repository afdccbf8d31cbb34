// The example of packages/nestjs/README.md, type-checked and run as it is.
import { describeExample } from '../../core/test/doc-snippets';

describeExample('packages/nestjs/README.md', 'Example', ['Welcome, Ada!', 'events processed: 1']);
