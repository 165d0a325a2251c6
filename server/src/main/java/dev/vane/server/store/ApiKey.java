package dev.vane.server.store;

/**
 * An API key as its owner may list it: never the key itself, which only its hash stands for.
 *
 * @param id the key's id, used to revoke it
 * @param prefix the key's first characters, to tell keys apart, or {@code null} for old keys
 * @param description the owner's label, or {@code null}
 * @param createdAt epoch milliseconds
 */
public record ApiKey(long id, String prefix, String description, long createdAt) {}
