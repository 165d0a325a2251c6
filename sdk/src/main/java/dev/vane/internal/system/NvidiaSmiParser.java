package dev.vane.internal.system;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Turns {@code nvidia-smi} output into {@code system.gpu.N.*} metrics. Pure functions, so they are
 * tested against outputs captured on a real GPU machine.
 *
 * <p>The sampler uses {@link #parseQueryCsv}: the output of {@link #QUERY_FIELDS} with {@code
 * --format=csv,noheader,nounits} is one short line per GPU whose columns are fixed by the query.
 * The parsers of the full XML report ({@code nvidia-smi -q -x}, about 20 KB per call, with field
 * names that change between driver versions) and of {@code nvidia-smi dmon} (a stream, meant for
 * watching, whose columns depend on {@code -s}) give the same metrics and serve as a cross-check
 * of the units; they are not used for sampling.
 *
 * <p>Values that read {@code [N/A]}, {@code N/A} or {@code [Not Supported]} are left out, as is any
 * value that is not a number.
 */
public final class NvidiaSmiParser {
  /** The {@code --query-gpu} fields the sampler asks for, in this order. */
  public static final List<String> QUERY_FIELDS = List.of("index", "name", "utilization.gpu",
      "memory.used", "memory.total", "temperature.gpu", "power.draw");

  private static final double MIB = 1024.0 * 1024.0;

  private NvidiaSmiParser() {}

  /**
   * Parses {@code nvidia-smi --query-gpu=...} CSV output. With a header line (plain {@code
   * --format=csv}) columns are found by name and units such as {@code " %"}, {@code " MiB"} or
   * {@code " W"} are stripped; without one (the sampler's {@code noheader,nounits}) the columns are
   * {@link #QUERY_FIELDS}.
   */
  public static Map<String, Object> parseQueryCsv(String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> columns = QUERY_FIELDS;
    for (String line : text.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = splitCsv(line);
      if (cells.get(0).trim().equals("index")) {
        columns = new ArrayList<>();
        for (String c : cells) {
          String name = c.trim();
          int unit = name.indexOf(" [");
          columns.add(unit < 0 ? name : name.substring(0, unit));
        }
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.size() && i < cells.size(); i++) {
        row.put(normalise(columns.get(i)), cells.get(i).trim());
      }
      Double index = number(row.get("index"));
      if (index == null) {
        continue;
      }
      gpu(out, index.intValue(), number(row.get("utilization.gpu")),
          number(row.get("memory.used")), number(row.get("memory.total")),
          number(row.get("temperature.gpu")), number(row.get("power.draw")));
    }
    return out;
  }

  /**
   * Parses the XML report of {@code nvidia-smi -q -x}. The document's DTD is not fetched.
   *
   * @throws IllegalArgumentException when the text is not such a report
   */
  public static Map<String, Object> parseXml(String xml) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      doc = b.parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("not an nvidia-smi XML report: " + e.getMessage(), e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    NodeList gpus = doc.getDocumentElement().getElementsByTagName("gpu");
    for (int i = 0; i < gpus.getLength(); i++) {
      Element gpu = (Element) gpus.item(i);
      Double minor = number(text(gpu, "minor_number"));
      int index = minor != null ? minor.intValue() : i;
      Double power = number(text(gpu, "gpu_power_readings", "instant_power_draw"));
      if (power == null) {
        power = number(text(gpu, "gpu_power_readings", "power_draw"));
      }
      gpu(out, index, number(text(gpu, "utilization", "gpu_util")),
          number(text(gpu, "fb_memory_usage", "used")), number(text(gpu, "fb_memory_usage", "total")),
          number(text(gpu, "temperature", "gpu_temp")), power);
    }
    return out;
  }

  /**
   * Parses {@code nvidia-smi dmon} output (needs {@code -s} with {@code p}, {@code u} and {@code
   * m}); of several lines for one GPU the last wins. dmon reports no total memory, so there is no
   * {@code memoryAllocated} percentage.
   */
  public static Map<String, Object> parseDmon(String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> columns = null;
    for (String line : text.split("\\R")) {
      String t = line.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (t.startsWith("#")) {
        if (columns == null) { // the first comment line names the columns, the second the units
          columns = List.of(t.substring(1).trim().split("\\s+"));
        }
        continue;
      }
      if (columns == null) {
        continue;
      }
      String[] cells = t.split("\\s+");
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.size() && i < cells.length; i++) {
        row.put(columns.get(i), cells[i]);
      }
      Double index = number(row.get("gpu"));
      if (index == null) {
        continue;
      }
      gpu(out, index.intValue(), number(row.get("sm")), number(row.get("fb")), null,
          number(row.get("gtemp")), number(row.get("pwr")));
    }
    return out;
  }

  /** Puts one GPU's metrics, leaving out the ones not known. Memory is in MiB. */
  private static void gpu(Map<String, Object> out, int index, Double util, Double usedMiB,
      Double totalMiB, Double temp, Double watts) {
    String p = "system.gpu." + index + ".";
    if (util != null) {
      out.put(p + "gpu", util);
    }
    if (usedMiB != null) {
      out.put(p + "memoryAllocatedBytes", usedMiB * MIB);
      if (totalMiB != null && totalMiB > 0) {
        out.put(p + "memoryAllocated", 100.0 * usedMiB / totalMiB);
      }
    }
    if (temp != null) {
      out.put(p + "temp", temp);
    }
    if (watts != null) {
      out.put(p + "powerWatts", watts);
    }
  }

  /** Column names compared without case or surrounding space. */
  private static String normalise(String column) {
    return column.trim().toLowerCase(Locale.ROOT);
  }

  /** A number with an optional unit after it ({@code "122.60 W"}), else {@code null}. */
  static Double number(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    int space = t.indexOf(' ');
    if (space > 0) {
      t = t.substring(0, space);
    }
    try {
      double d = Double.parseDouble(t);
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null; // N/A, [N/A], [Not Supported], names
    }
  }

  /** Splits a line of nvidia-smi CSV, which quotes nothing: GPU names hold no commas. */
  private static List<String> splitCsv(String line) {
    return List.of(line.split(",", -1));
  }

  private static String text(Element parent, String... path) {
    Element e = parent;
    for (String name : path) {
      e = child(e, name);
      if (e == null) {
        return null;
      }
    }
    return e.getTextContent();
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el && el.getTagName().equals(name)) {
        return el;
      }
    }
    return null;
  }
}
