package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code vane user}, {@code vane key} and {@code vane team} against a live server. */
class AccountCommandsTest extends LiveServerTest {

  private ChildJvm.Result vane(Map<String, String> env, String... args) throws Exception {
    return run(env, VaneCommand.class, args);
  }

  private Map<String, String> as(String key) {
    Map<String, String> env = env();
    env.put("VANE_API_KEY", key);
    return env;
  }

  @Test
  void anAdminCreatesAUserWhoManagesTheirKeysAndATeam() throws Exception {
    ChildJvm.Result bob = vane(env(), "user", "create", "bob");
    assertEquals(0, bob.exitCode(), bob.err());
    String bobKey = bob.out().strip();
    assertEquals(40, bobKey.length(), bob.out());
    assertTrue(bob.err().contains("not shown again"), bob.err());

    ChildJvm.Result created = vane(as(bobKey), "key", "create", "--description", "laptop");
    assertEquals(0, created.exitCode(), created.err());
    String laptopKey = created.out().strip();
    ChildJvm.Result list = vane(as(laptopKey), "key", "list");
    assertEquals(0, list.exitCode(), list.err());
    assertTrue(list.out().contains("laptop"), list.out());
    assertTrue(list.out().contains(laptopKey.substring(0, 4) + "..."), list.out());
    assertTrue(!list.out().contains(laptopKey), "never the whole key: " + list.out());
    Matcher first = Pattern.compile("(?m)^(\\d+)\\s+" + bobKey.substring(0, 4)).matcher(list.out());
    assertTrue(first.find(), list.out());

    ChildJvm.Result revoked = vane(as(laptopKey), "key", "revoke", first.group(1));
    assertEquals(0, revoked.exitCode(), revoked.err());
    ChildJvm.Result refused = vane(as(bobKey), "key", "list");
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().contains("API key is not valid"), refused.err());
    ChildJvm.Result unknown = vane(as(laptopKey), "key", "revoke", "99999");
    assertEquals(1, unknown.exitCode());
    assertTrue(unknown.err().contains("not found"), unknown.err());

    ChildJvm.Result carol = vane(env(), "user", "create", "carol");
    assertEquals(0, carol.exitCode(), carol.err());
    ChildJvm.Result team = vane(as(laptopKey), "team", "create", "acme");
    assertEquals(0, team.exitCode(), team.err());
    assertTrue(team.out().matches("(?s)team acme\\s+bob\\s+admin\\s*"), team.out());
    ChildJvm.Result add = vane(as(laptopKey), "team", "add", "acme", "carol", "--role", "viewer");
    assertEquals(0, add.exitCode(), add.err());
    assertTrue(add.out().matches("(?s).*carol\\s+viewer.*"), add.out());
    ChildJvm.Result shown = vane(as(carol.out().strip()), "team", "show", "acme");
    assertEquals(0, shown.exitCode(), shown.err());
    assertTrue(shown.out().contains("bob") && shown.out().contains("carol"), shown.out());
    ChildJvm.Result last = vane(as(laptopKey), "team", "remove", "acme", "bob");
    assertEquals(1, last.exitCode());
    assertTrue(last.err().contains("last admin"), last.err());
    ChildJvm.Result notAdmin = vane(as(carol.out().strip()), "user", "create", "mallory");
    assertEquals(1, notAdmin.exitCode());
    assertTrue(notAdmin.err().contains("only a server admin"), notAdmin.err());
  }
}
