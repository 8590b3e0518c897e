package org.portwatch.infra.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;

/**
 * For tests: HAPI FHIR, the reference implementation, as the judge of what our FHIR endpoints answer: its R4 parser reads
 * every answer, and its instance validator checks it against the R4 specification (structure, cardinality,
 * invariants, bindings that need no terminology server).
 */
public final class Fhir {

    public static final FhirContext R4 = FhirContext.forR4();
    private static volatile FhirValidator validator;

    private Fhir() {
    }

    /** Parses {@code json} as a {@code type}, failing the test when HAPI cannot. */
    public static <T extends IBaseResource> T parse(Class<T> type, String json) {
        return R4.newJsonParser().parseResource(type, json);
    }

    /** Asserts HAPI's validator finds no error in the resource (warnings and information are allowed). */
    public static void assertValid(IBaseResource resource) {
        ValidationResult result = validator().validateWithResult(resource);
        List<String> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(Fhir::describe)
                .toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("HAPI's R4 validator found " + errors + " in "
                    + R4.newJsonParser().encodeResourceToString(resource));
        }
    }

    private static String describe(SingleValidationMessage message) {
        return message.getLocationString() + ": " + message.getMessage();
    }

    private static FhirValidator validator() {
        if (validator == null) {
            synchronized (Fhir.class) {
                if (validator == null) {
                    ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(R4),
                            new InMemoryTerminologyServerValidationSupport(R4), new CommonCodeSystemsTerminologyService(R4),
                            new SnapshotGeneratingValidationSupport(R4));
                    validator = R4.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
                }
            }
        }
        return validator;
    }
}
