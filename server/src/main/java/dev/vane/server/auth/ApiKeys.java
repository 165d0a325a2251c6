package dev.vane.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API keys: 40 random characters of {@code [A-Za-z0-9]} (about 238 bits). The server keeps only
 * their SHA-256; a plain hash is enough because the keys are long and random, so there is nothing
 * to guess a dictionary from.
 */
public final class ApiKeys {
  /** Characters in a key. */
  public static final int LENGTH = 40;

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A new random key. */
  public static String generate() {
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** Characters of a key kept in clear beside its hash, so its owner can tell keys apart. */
  public static final int PREFIX_LENGTH = 4;

  /** The first {@value #PREFIX_LENGTH} characters of the key: all of it the server keeps. */
  public static String prefix(String key) {
    return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
  }

  /** The lower-case hex SHA-256 of the key's UTF-8 bytes: what the database stores. */
  public static String hash(String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
