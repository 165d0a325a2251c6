package dev.vane.protocol.log;

import dev.vane.protocol.RecordCodec;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RecordType;

/**
 * One validated frame of a run log or ingest body.
 *
 * @param offset byte offset of the frame's first byte in its file or body
 * @param type the record type code (may be unknown to this version)
 * @param seq the sequence number
 * @param payload the payload bytes
 */
public record Frame(long offset, int type, long seq, byte[] payload) {

  /** Bytes of the frame header: length, checksum, type and sequence number. */
  public static final int HEADER_BYTES = 4 + 4 + 1 + 8;

  /** The record type, or {@code null} when the code is unknown to this version. */
  public RecordType recordType() {
    return RecordType.ofCode(type);
  }

  /** Bytes the frame takes on disk or on the wire. */
  public int size() {
    return HEADER_BYTES + payload.length;
  }

  /**
   * Decodes the payload.
   *
   * @throws dev.vane.protocol.MalformedRecordException when the type is unknown or the payload
   *     does not decode
   */
  public RecordPayload decode() {
    RecordType t = recordType();
    if (t == null) {
      throw new dev.vane.protocol.MalformedRecordException("unknown record type " + type, null);
    }
    return RecordCodec.decode(t, payload);
  }
}
