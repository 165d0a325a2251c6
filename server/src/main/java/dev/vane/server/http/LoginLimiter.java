package dev.vane.server.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limit of the UI's login: an address that failed {@code max} times within the window is
 * refused until its oldest failure leaves the window, even with the right key, so guessing keys
 * through the login page is slow. Per server process, in memory.
 */
final class LoginLimiter {
  private final int max;
  private final long windowMillis;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  LoginLimiter(int max, long windowMillis) {
    this.max = max;
    this.windowMillis = windowMillis;
  }

  /** Whether the address may try now. */
  boolean allowed(String address, long now) {
    Deque<Long> times = failures.get(address);
    if (times == null) {
      return true;
    }
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
        times.pollFirst();
      }
      if (times.isEmpty()) {
        failures.remove(address, times);
      }
      return times.size() < max;
    }
  }

  /** Records a failed attempt of the address. */
  void failed(String address, long now) {
    Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(now);
    }
  }
}
