package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.store.RunPage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of run lists: a place in the newest-first order, as base64url text.
 * Clients only pass it back; its content may change between versions (hence the {@code v1} tag).
 */
final class RunCursor {
  private static final String TAG = "v1:";

  private RunCursor() {}

  static String encode(RunPage.Position position) {
    if (position == null) {
      return null;
    }
    String plain = TAG + position.createdAt() + ":" + position.pk();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The position, {@code null} for no cursor; a cursor the server did not make is refused. */
  static RunPage.Position decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (plain.startsWith(TAG)) {
        String[] parts = plain.substring(TAG.length()).split(":", -1);
        if (parts.length == 2) {
          return new RunPage.Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }
      }
    } catch (IllegalArgumentException e) { // bad Base64 or number
      // reported below
    }
    throw ApiException.of(
        ErrorCode.INVALID_ARGUMENT, "cursor is not valid: pass back a nextCursor the server sent");
  }
}
