package dev.vane.protocol.wire;

/**
 * The error body of every failed API call: {@code {"error":{"code":"...","message":"..."}}}. A
 * {@code sequence_gap} error also carries the server's {@code lastSeq}, so the writer can resend
 * from there.
 *
 * @param error the error
 * @param lastSeq for {@code sequence_gap}, the highest applied sequence number; otherwise {@code null}
 */
public record ApiError(Detail error, Long lastSeq) {

  /**
   * What went wrong.
   *
   * @param code a stable, machine-readable code such as {@code not_found} or {@code invalid_id}
   * @param message a sentence for people, naming the problem
   */
  public record Detail(String code, String message) {}

  /** An error without a sequence number. */
  public static ApiError of(String code, String message) {
    return new ApiError(new Detail(code, message), null);
  }
}
