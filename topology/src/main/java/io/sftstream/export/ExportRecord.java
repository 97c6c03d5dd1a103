package io.sftstream.export;

import io.sftstream.serdes.TrainingRecord;

/**
 * One training record as the shards store it: the record, what made it and where it came from.
 *
 * @param record     the decoded record
 * @param provenance its headers
 * @param partition  the source partition
 * @param offset     the source offset
 */
public record ExportRecord(TrainingRecord record, Provenance provenance, int partition,
                           long offset) {
}
