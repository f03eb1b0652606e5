/**
 * Fuzzing inviteToCircle, respondToCircleInvitation, withdrawCircleInvitation, reportContent and resolveReport with
 * generated arguments, sent with the right token and with none, another role's or a garbled
 * one: never a 5xx or an internal error, a refusal changes nothing, a success is what the
 * spec's oracles expect. Specs and machinery: helpers/fuzz/.
 */
import { fuzzServer } from '../../helpers/fuzz/harness.js';
import { MUTATION_SPECS } from '../../helpers/fuzz/mutation-specs.js';
import { describeMutationFuzz } from '../../helpers/fuzz/mutations.js';

fuzzServer();

describeMutationFuzz(MUTATION_SPECS.moderation);
