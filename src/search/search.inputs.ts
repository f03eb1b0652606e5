import { ArgsType, Field } from 'type-graphql';
import { TwoWayPageArgs } from '../graphql/pagination.js';
import { MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS } from './search.rules.js';

@ArgsType()
export class SearchArgs extends TwoWayPageArgs {
  @Field(() => String, {
    description: `What to look for: 1 to ${MAX_SEARCH_LENGTH} characters, at most ${MAX_SEARCH_WORDS} words, every one of which must match. Taken as plain words (no query syntax); Chinese, Japanese and Korean fragments of two or more characters are found anywhere in a name or text, a single character wherever it stands.`,
  })
  text!: string;
}
