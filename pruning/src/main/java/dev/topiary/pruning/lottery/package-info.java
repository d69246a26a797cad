/**
 * Lottery tickets (Frankle &amp; Carbin 2019, "The Lottery Ticket Hypothesis"): iterative magnitude
 * pruning with rewinding. Each round trains the network, prunes a fraction of the weights that
 * remain, and rewinds the surviving weights to their values at initialisation or, with
 * {@code rewindIteration} k &gt; 0, after k training iterations (Frankle et al. 2020, "Linear Mode
 * Connectivity and the Lottery Ticket Hypothesis"). The final sparse network (the ticket) is trained
 * once more from the rewind point; a random re-initialisation under the same mask is the paper's
 * control.
 *
 * <p>Library entry point: {@link dev.topiary.pruning.lottery.LotteryTicketSearch}; recipe stage
 * {@code prune.lottery}: {@link dev.topiary.pruning.lottery.LotteryTicketSpec} and
 * {@link dev.topiary.pruning.lottery.LotteryTicketFactory}.
 */
package dev.topiary.pruning.lottery;
