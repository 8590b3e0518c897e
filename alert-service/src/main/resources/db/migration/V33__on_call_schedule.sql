-- A care team's on-call schedule (issue 11): shifts in the team's time zone, each with its escalation chain
-- (level 1, level 2, charge nurse). The shifts are one jsonb document, validated as a whole by the API (overlaps are
-- a property of the set, not of a row), read and replaced as a whole. No row: the team's flat on-call contacts.
CREATE TABLE on_call_schedule (
    care_team_id VARCHAR(64)  PRIMARY KEY,
    -- An IANA zone id ("Europe/Berlin"): shifts are local times, so DST moves their instants, not their hours.
    time_zone    VARCHAR(64)  NOT NULL,
    shifts       JSONB        NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL,
    updated_by   VARCHAR(200) NOT NULL
);

-- How many escalation rounds of an alert went to on-call (after the assignee's, if any) and reached someone: round k
-- goes to level min(k, 3) of the chain. Kept apart from the alert row, which the escalation scheduler does not own;
-- gone with its alert.
CREATE TABLE escalation_on_call_round (
    alert_id UUID    PRIMARY KEY REFERENCES alert (alert_id) ON DELETE CASCADE,
    rounds   INTEGER NOT NULL
);
