package io.sftstream.topology.stats;

/**
 * A value that the stats tally counts: what one processed input record became. The tally
 * passes it on unchanged and then adds it to its task's counts.
 */
public interface Tallied {

    /** Adds this record to the counts: accepted with its tokens, or rejected with its reason. */
    void countInto(StatsCounts counts);
}
