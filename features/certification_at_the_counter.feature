Feature: Certified copies at the counter — same day, or the next working day after 15:00
  Decree 23/2015: a request received after 15:00 is returned the next working day. Any catalogue procedure
  can be scripted: its own fields go in the table; the required papers are taken as handed in.

  Background:
    Given ward "Long An" and ward "Kiến Tường" of province "Tây Ninh"

  Scenario: A Friday-afternoon request is due on Monday and returned then
    Given today is 28/11/2025 at 15:30
    When a citizen submits "certification of copies" at "Long An" with:
      | field          | value                              |
      | document_title | Bằng tốt nghiệp trung học phổ thông |
      | pages          | 1                                  |
      | copies         | 3                                  |
    Then the appointment is 01/12/2025 at 17:00
    When the reception clerk of "Long An" completes "Đối chiếu bản sao với bản chính" with:
      | field            | value   |
      | pages_checked    | 1       |
      | matches_original | yes     |
      | proposal         | approve |
    And 1 working days pass
    And the leader of "Long An" signs the result
    And the reception clerk of "Long An" returns the result
    Then the dossier is returned on time
