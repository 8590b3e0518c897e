package org.portwatch.ingest.support;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one sample from /q/metrics, as Prometheus would. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of the series named exactly {@code series} (name plus labels as exposed), or 0 if absent. */
    public static double value(String series) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+|NaN)$").matcher(body);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
