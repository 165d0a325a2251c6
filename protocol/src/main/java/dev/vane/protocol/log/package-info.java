/**
 * The run log: the append-only binary file in which the SDK records every record of a run before
 * anything is sent, and the framing the same records travel in to the server.
 *
 * <h2>Grammar</h2>
 *
 * All integers are big-endian and unsigned unless noted.
 *
 * <pre>
 * RunLog     = Header Frame*
 * Header     = Magic Version MinReader HeaderCrc             ; 16 bytes
 * Magic      = "VANELOG" %x0A                                ; 8 bytes
 * Version    = u16                                           ; format version of the writer, now 1
 * MinReader  = u16                                           ; oldest reader version that can read it, now 1
 * HeaderCrc  = u32                                           ; CRC32C of Magic, Version and MinReader
 * Frame      = Length Crc Type Seq Payload
 * Length     = u32                                           ; bytes of Type + Seq + Payload: 9 .. 16 MiB
 * Crc        = u32                                           ; CRC32C of Type, Seq and Payload
 * Type       = u8                                            ; a RecordType code; unknown codes are kept
 * Seq        = u64                                           ; sequence number: 1 for the first frame,
 *                                                            ; each frame exactly one more than the last
 * Payload    = *OCTET                                        ; Length - 9 bytes; UTF-8 JSON of the record
 * </pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>The writer creates a log with {@code CREATE_NEW}: it never overwrites an existing file.
 *   <li>The writer only ever appends whole frames; a frame can be torn only by a crash mid-write.
 *   <li>The reader validates every frame (length bounds, checksum, sequence) and stops at the first
 *       torn or corrupt one, reporting its byte offset; everything before it is the valid prefix.
 *   <li>Reopening a log for appending recovers the valid prefix: the invalid tail is copied aside to
 *       {@code FILE.corrupt-OFFSET} and cut off, and sequence numbers continue after the last valid
 *       frame.
 *   <li>Ingest bodies ({@code application/vnd.vane.frames}) are Frame* without a Header.
 * </ul>
 */
package dev.vane.protocol.log;
