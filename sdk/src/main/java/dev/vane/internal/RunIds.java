package dev.vane.internal;

import java.security.SecureRandom;

/** Random run IDs: 8 characters of {@code [a-z0-9]}, as W&amp;B's {@code generate_id}. */
public final class RunIds {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int LENGTH = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  /** A new random ID. */
  public static String generate() {
    char[] id = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return new String(id);
  }
}
