Feature: Meeting minutes — "the meeting should have a record"
  Meetings between the province and the communes run on the province's conference system; each meeting's
  minutes are recorded as a document of the unit, signed by the chairing leader and kept in its register.

  Scenario: The minutes of a ward's briefing are signed and kept in its register
    Given ward "Long An" of province "Tây Ninh"
    And today is 01/07/2025 at 16:00
    When the specialist of "Long An" records the minutes of "Giao ban ngày đầu vận hành" held on 01/07/2025 at 15:00
    And the leader of "Long An" signs the minutes
    Then the minutes are signed and kept in the register of minutes of "Long An"
