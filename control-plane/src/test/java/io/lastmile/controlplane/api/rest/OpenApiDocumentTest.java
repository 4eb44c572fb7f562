package io.lastmile.controlplane.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/openapi} describes the REST API as the resources serve it: every GET of every resource
 * class in this package and no path that none serves, with the API-token scheme they require.
 */
@QuarkusTest
class OpenApiDocumentTest {
  @Test
  void documentListsExactlyTheResourcesOperations() throws Exception {
    JsonPath doc = document();
    Map<String, Map<String, Object>> paths = doc.getMap("paths");
    Set<String> documented = new TreeSet<>();
    paths.forEach((path, ops) -> ops.keySet().forEach(op -> documented.add(op + " " + path)));
    assertThat(documented).isEqualTo(served());
  }

  @Test
  void documentNamesTheApiAndItsBearerToken() {
    JsonPath doc = document();
    assertThat(doc.getString("info.title")).isEqualTo("Lastmile REST API");
    assertThat(doc.getString("info.version")).isNotBlank();
    assertThat(doc.getString("components.securitySchemes.apiToken.type")).isEqualTo("http");
    assertThat(doc.getString("components.securitySchemes.apiToken.scheme")).isEqualTo("bearer");
    assertThat(doc.getList("security.apiToken")).isNotEmpty();
  }

  @Test
  void yamlIsServedByDefault() {
    String yaml = given().get("/q/openapi").then().statusCode(200).extract().asString();
    assertThat(yaml).startsWith("---").contains("openapi: 3.", "/api/v1/jobs");
  }

  private static JsonPath document() {
    return given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** "get /api/v1/jobs/{id}" for every GET method of every resource class beside this test. */
  private static Set<String> served() throws IOException, ClassNotFoundException {
    Set<String> out = new TreeSet<>();
    String pkg = OpenApiDocumentTest.class.getPackageName();
    java.nio.file.Path classes =
        java.nio.file.Path.of("target", "classes").resolve(pkg.replace('.', '/'));
    try (Stream<java.nio.file.Path> files = Files.list(classes)) {
      for (java.nio.file.Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> type = Class.forName(pkg + "." + name.substring(0, name.length() - 6));
        Path base = type.getAnnotation(Path.class);
        if (base == null) {
          continue;
        }
        for (Method m : type.getDeclaredMethods()) {
          if (m.isAnnotationPresent(GET.class)) {
            Path sub = m.getAnnotation(Path.class);
            out.add("get " + base.value() + (sub == null ? "" : "/" + sub.value()));
          }
        }
      }
    }
    assertThat(out).as("resources found in %s", classes).isNotEmpty();
    return out;
  }
}
