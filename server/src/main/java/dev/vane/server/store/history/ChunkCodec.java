package dev.vane.server.store.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chunk format: up to {@link #MAX_POINTS} points of one numeric kind, in blocks of {@link
 * #BLOCK_POINTS} that each decode on their own and carry their own statistics, so a chart query
 * decodes only the blocks cut by a bucket edge. See {@code docs/storage.md} for the grammar:
 *
 * <pre>
 * chunk  := version:u8(=1) kind:u8 count:varint blockCount:varint
 *           header{blockCount} block{blockCount}
 * header := count:varint minStep:varint stepSpan:varint stepBytes:varint valueBytes:varint
 *           min:i64 max:i64 last:i64     (longs in LONG chunks, else double bits)
 * block  := stepBits valueBits           (each byte-aligned)
 * valueBits := dod*  (LONG) | xor* (DOUBLE) | isInteger:bit{count} xor* (MIXED)
 * </pre>
 */
final class ChunkCodec {
  /** Points per block: small enough that decoding one at a bucket edge is ~1 us. */
  static final int BLOCK_POINTS = 256;
  /** Points per sealed chunk: few enough rows that scanning 10 M points' stats takes ~2 ms. */
  static final int MAX_POINTS = 4096;

  private static final int VERSION = 1;

  private ChunkCodec() {}

  /** A block's header: where its bits are and its statistics (raw value bits). */
  record Block(
      int count,
      long minStep,
      long maxStep,
      int stepOffset,
      int stepBytes,
      int valueBytes,
      long minBits,
      long maxBits,
      long lastBits) {}

  /**
   * A chunk's parsed header.
   *
   * @param length the header's size in bytes: the table keeps these bytes apart ({@code
   *     block_stats}) from the rest ({@code data}), so sampling reads block statistics alone
   */
  record Header(byte kind, int count, Block[] blocks, int length) {}

  /** The chunk from its header bytes and the rest, as stored in two columns. */
  static byte[] join(byte[] header, byte[] body) {
    byte[] chunk = new byte[header.length + body.length];
    System.arraycopy(header, 0, chunk, 0, header.length);
    System.arraycopy(body, 0, chunk, header.length, body.length);
    return chunk;
  }

  /**
   * Encodes points {@code [from, to)}: steps increasing, all of {@code kind}, or LONG and DOUBLE
   * points (integers within 2^53) for a MIXED chunk.
   */
  static byte[] encode(byte kind, byte[] kinds, long[] steps, long[] bits, int from, int to) {
    return assemble(kind, encodeBlocks(kind, kinds, steps, bits, from, to));
  }

  /** A block's header entry and its bytes (step bits then value bits). */
  record EncodedBlock(Block meta, byte[] bytes) {}

  /** A chunk's blocks with their bytes, for reassembly into other chunks without re-encoding. */
  static List<EncodedBlock> blocks(byte[] chunk) {
    Header h = header(chunk);
    List<EncodedBlock> out = new ArrayList<>(h.blocks().length);
    for (Block b : h.blocks()) {
      int end = b.stepOffset() + b.stepBytes() + b.valueBytes();
      out.add(new EncodedBlock(b, Arrays.copyOfRange(chunk, b.stepOffset(), end)));
    }
    return out;
  }

  /** Encodes points {@code [from, to)} of one kind into blocks of {@link #BLOCK_POINTS}. */
  static List<EncodedBlock> encodeBlocks(
      byte kind, byte[] kinds, long[] steps, long[] bits, int from, int to) {
    List<EncodedBlock> blocks = new ArrayList<>((to - from + BLOCK_POINTS - 1) / BLOCK_POINTS);
    for (int s = from; s < to; s += BLOCK_POINTS) {
      blocks.add(encodeBlock(kind, kinds, steps, bits, s, Math.min(to, s + BLOCK_POINTS)));
    }
    return blocks;
  }

  /**
   * A chunk of already encoded blocks (of one kind, steps increasing). Blocks need not be full:
   * every block carries its own count, so chunks concatenate without decoding.
   */
  static byte[] concat(byte kind, List<EncodedBlock> blocks) {
    return assemble(kind, blocks);
  }

  /** The statistics of a whole chunk: from its block headers, and its first point decoded. */
  static ChunkStats stats(byte[] chunk) {
    Header h = header(chunk);
    double min = Double.NaN;
    double max = Double.NaN;
    for (Block b : h.blocks()) {
      double lo = ValueKind.asDouble(h.kind(), b.minBits());
      double hi = ValueKind.asDouble(h.kind(), b.maxBits());
      if (!Double.isNaN(lo) && (Double.isNaN(min) || lo < min)) {
        min = lo;
      }
      if (!Double.isNaN(hi) && (Double.isNaN(max) || hi > max)) {
        max = hi;
      }
    }
    Block first = h.blocks()[0];
    Block last = h.blocks()[h.blocks().length - 1];
    PointColumn firstBlock = new PointColumn(first.count());
    decodeBlock(chunk, h.kind(), first, firstBlock);
    return new ChunkStats(
        h.count(),
        first.minStep(),
        last.maxStep(),
        min,
        max,
        ValueKind.asDouble(firstBlock.kind(0), firstBlock.bits(0)),
        ValueKind.asDouble(h.kind(), last.lastBits()));
  }

  private static EncodedBlock encodeBlock(
      byte kind, byte[] kinds, long[] steps, long[] bits, int s, int e) {
    BitWriter stepBits = new BitWriter((e - s) / 4 + 8);
    DeltaOfDelta stepCodec = new DeltaOfDelta(steps[s], 1);
    for (int i = s + 1; i < e; i++) {
      stepCodec.write(stepBits, steps[i]);
    }
    stepBits.alignToByte();
    int stepBytes = stepBits.byteLength();
    BitWriter valueBits = stepBits; // values follow the steps in the same buffer
    if (kind == ValueKind.LONG) {
      DeltaOfDelta values = new DeltaOfDelta(0, 0);
      for (int i = s; i < e; i++) {
        values.write(valueBits, bits[i]);
      }
    } else if (kind == ValueKind.DOUBLE) {
      XorDoubles values = new XorDoubles();
      for (int i = s; i < e; i++) {
        values.write(valueBits, bits[i]);
      }
    } else {
      for (int i = s; i < e; i++) {
        valueBits.writeBit(kinds[i] == ValueKind.LONG);
      }
      XorDoubles values = new XorDoubles();
      for (int i = s; i < e; i++) {
        values.write(valueBits, Double.doubleToRawLongBits(ValueKind.asDouble(kinds[i], bits[i])));
      }
    }
    byte[] bytes = valueBits.toBytes();
    long minBits;
    long maxBits;
    long lastBits;
    if (kind == ValueKind.LONG) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = s; i < e; i++) {
        min = Math.min(min, bits[i]);
        max = Math.max(max, bits[i]);
      }
      minBits = min;
      maxBits = max;
      lastBits = bits[e - 1];
    } else {
      ChunkStats st = ChunkStats.of(kinds, steps, bits, s, e);
      minBits = Double.doubleToRawLongBits(st.min());
      maxBits = Double.doubleToRawLongBits(st.max());
      lastBits = Double.doubleToRawLongBits(st.last());
    }
    Block meta =
        new Block(
            e - s,
            steps[s],
            steps[e - 1],
            0,
            stepBytes,
            bytes.length - stepBytes,
            minBits,
            maxBits,
            lastBits);
    return new EncodedBlock(meta, bytes);
  }

  private static byte[] assemble(byte kind, List<EncodedBlock> blocks) {
    int count = 0;
    int bodyLength = 0;
    for (EncodedBlock b : blocks) {
      count += b.meta().count();
      bodyLength += b.bytes().length;
    }
    ByteSink out = new ByteSink(16 + blocks.size() * 40 + bodyLength);
    out.writeByte(VERSION);
    out.writeByte(kind);
    out.writeVarLong(count);
    out.writeVarLong(blocks.size());
    for (EncodedBlock eb : blocks) {
      Block b = eb.meta();
      out.writeVarLong(b.count());
      out.writeVarLong(b.minStep());
      out.writeVarLong(b.maxStep() - b.minStep());
      out.writeVarLong(b.stepBytes());
      out.writeVarLong(b.valueBytes());
      out.writeLong(b.minBits());
      out.writeLong(b.maxBits());
      out.writeLong(b.lastBits());
    }
    for (EncodedBlock eb : blocks) {
      out.writeBytes(eb.bytes(), 0, eb.bytes().length);
    }
    return out.toBytes();
  }

  /**
   * Parses the header, from the whole chunk or its header bytes alone; block offsets point into
   * the whole chunk.
   */
  static Header header(byte[] chunk) {
    ByteSource in = new ByteSource(chunk, 0);
    int version = in.readByte();
    if (version != VERSION) {
      throw new IllegalStateException("unknown history chunk version " + version);
    }
    byte kind = (byte) in.readByte();
    int count = in.readVarInt();
    int n = in.readVarInt();
    int[] counts = new int[n];
    long[] minSteps = new long[n];
    long[] spans = new long[n];
    int[] stepBytes = new int[n];
    int[] valueBytes = new int[n];
    long[][] stats = new long[n][3];
    for (int b = 0; b < n; b++) {
      counts[b] = in.readVarInt();
      minSteps[b] = in.readVarLong();
      spans[b] = in.readVarLong();
      stepBytes[b] = in.readVarInt();
      valueBytes[b] = in.readVarInt();
      stats[b][0] = in.readLong();
      stats[b][1] = in.readLong();
      stats[b][2] = in.readLong();
    }
    Block[] blocks = new Block[n];
    int length = in.position();
    int offset = length;
    for (int b = 0; b < n; b++) {
      blocks[b] =
          new Block(
              counts[b],
              minSteps[b],
              minSteps[b] + spans[b],
              offset,
              stepBytes[b],
              valueBytes[b],
              stats[b][0],
              stats[b][1],
              stats[b][2]);
      offset += stepBytes[b] + valueBytes[b];
    }
    return new Header(kind, count, blocks, length);
  }

  /** Decodes one block, appending its points to {@code out}. */
  static void decodeBlock(byte[] chunk, byte kind, Block block, PointColumn out) {
    BitReader stepIn =
        new BitReader(chunk, block.stepOffset(), block.stepOffset() + block.stepBytes());
    int valueStart = block.stepOffset() + block.stepBytes();
    BitReader valueIn = new BitReader(chunk, valueStart, valueStart + block.valueBytes());
    DeltaOfDelta steps = new DeltaOfDelta(block.minStep(), 1);
    long step = block.minStep();
    if (kind == ValueKind.LONG) {
      DeltaOfDelta values = new DeltaOfDelta(0, 0);
      for (int i = 0; i < block.count(); i++) {
        if (i > 0) {
          step = steps.read(stepIn);
        }
        out.add(step, kind, values.read(valueIn));
      }
    } else if (kind == ValueKind.DOUBLE) {
      XorDoubles values = new XorDoubles();
      for (int i = 0; i < block.count(); i++) {
        if (i > 0) {
          step = steps.read(stepIn);
        }
        out.add(step, kind, values.read(valueIn));
      }
    } else {
      long[] integers = new long[(block.count() + 63) / 64];
      for (int i = 0; i < block.count(); i++) {
        if (valueIn.readBit()) {
          integers[i >>> 6] |= 1L << i;
        }
      }
      XorDoubles values = new XorDoubles();
      for (int i = 0; i < block.count(); i++) {
        if (i > 0) {
          step = steps.read(stepIn);
        }
        long v = values.read(valueIn);
        if ((integers[i >>> 6] & (1L << i)) != 0) {
          out.add(step, ValueKind.LONG, (long) Double.longBitsToDouble(v));
        } else {
          out.add(step, ValueKind.DOUBLE, v);
        }
      }
    }
  }

  /** Decodes a whole chunk, appending its points to {@code out}. */
  static void decode(byte[] chunk, PointColumn out) {
    Header h = header(chunk);
    for (Block b : h.blocks()) {
      decodeBlock(chunk, h.kind(), b, out);
    }
  }
}
