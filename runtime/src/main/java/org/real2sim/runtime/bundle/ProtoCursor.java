package org.real2sim.runtime.bundle;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A bounded window [pos, end) of protocol-buffer bytes: reads varints, length-delimited fields and
 * skips unknown fields, refusing malformed input with an {@link IllegalArgumentException} that
 * gives the byte offset and what was expected ({@link OnnxModelReader} walks the ONNX messages with
 * it).
 */
final class ProtoCursor {

  /** Protocol-buffer wire types. */
  static final int WIRE_VARINT = 0;

  static final int WIRE_FIXED64 = 1;
  static final int WIRE_LEN = 2;
  static final int WIRE_FIXED32 = 5;

  private final byte[] b;
  private int pos;
  private final int end;

  ProtoCursor(byte[] b, int pos, int end) {
    this.b = b;
    this.pos = pos;
    this.end = end;
  }

  boolean more() {
    return pos < end;
  }

  IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        "not a well-formed ONNX model: at byte " + pos + ", " + what);
  }

  long varint(String what) {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos >= end) {
        throw error("the end came inside " + what + " (a varint)");
      }
      int x = b[pos++] & 0xFF;
      if (shift == 63 && (x & 0x7E) != 0) {
        throw error(what + " is a varint over 64 bits");
      }
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw error(what + " is a varint of more than 10 bytes");
  }

  long expectVarint(int wire, String what) {
    if (wire != WIRE_VARINT) {
      throw error(what + " has wire type " + wire + ", expected 0 (varint)");
    }
    return varint(what);
  }

  ProtoCursor sub(int wire, String what) {
    if (wire != WIRE_LEN) {
      throw error(what + " has wire type " + wire + ", expected 2 (length-delimited)");
    }
    int len = length(what);
    ProtoCursor c = new ProtoCursor(b, pos, pos + len);
    pos += len;
    return c;
  }

  private int length(String what) {
    long len = varint("the length of " + what);
    if (len < 0 || len > end - pos) {
      throw error(
          "the length of " + what + " is " + len + " bytes, but " + (end - pos) + " remain");
    }
    return (int) len;
  }

  String string(int wire, String what) {
    if (wire != WIRE_LEN) {
      throw error(what + " has wire type " + wire + ", expected 2 (a string)");
    }
    int len = length(what);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(b, pos, len))
              .toString();
      pos += len;
      return s;
    } catch (CharacterCodingException e) {
      throw error(what + " is not valid UTF-8");
    }
  }

  void int64s(int wire, String what, List<Long> out) {
    if (wire == WIRE_VARINT) {
      out.add(varint(what));
    } else if (wire == WIRE_LEN) {
      ProtoCursor packed = sub(wire, what);
      while (packed.more()) {
        out.add(packed.varint(what));
      }
    } else {
      throw error(what + " has wire type " + wire + ", expected 0 or 2 (packed)");
    }
  }

  void skip(int wire, int field) {
    switch (wire) {
      case WIRE_VARINT -> varint("field " + field);
      case WIRE_FIXED64 -> advance(8, field);
      case WIRE_LEN -> {
        int len = length("field " + field);
        pos += len;
      }
      case WIRE_FIXED32 -> advance(4, field);
      default ->
          throw error(
              "field "
                  + field
                  + " has wire type "
                  + wire
                  + " (groups are not used by ONNX; expected 0, 1, 2 or 5)");
    }
  }

  private void advance(int n, int field) {
    if (end - pos < n) {
      throw error("field " + field + " needs " + n + " bytes, " + (end - pos) + " remain");
    }
    pos += n;
  }
}
