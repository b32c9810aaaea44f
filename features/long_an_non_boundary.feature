Feature: Long An — land change registration without administrative boundaries
  Trial of 18–19 June 2025: "land change registration under the authority of Kien Tuong ward,
  but the Long An ward center can receive documents". The dossier travels to the competent ward
  and its result comes back to the counter where the citizen applied.

  Background:
    Given ward "Long An" and ward "Kiến Tường" of province "Tây Ninh"
    And today is 24/11/2025 at 08:30

  Scenario: Received at Long An, decided by Kiến Tường, returned at Long An
    When a citizen submits "land change registration" at "Long An" for a parcel in "Kiến Tường"
    Then the appointment is 08/12/2025 at 17:00
    And the dossier waits for the specialist of "Kiến Tường"
    And the specialist of "Long An" has nothing to do
    When 2 working days pass
    And the specialist of "Kiến Tường" approves the dossier
    And the leader of "Kiến Tường" signs the result
    Then the dossier waits for the reception clerk of "Long An"
    When 1 working days pass
    And the reception clerk of "Long An" returns the result
    Then the dossier is returned early
    And the result is signed by the leader of "Kiến Tường" and verifies
    And the citizen finds the dossier with the last 4 digits of their phone
    And the control sheet shows these hand-overs:
      | step                      | received by                          |
      | Tiếp nhận, kiểm tra hồ sơ | Chuyên viên xử lý · Phường Kiến Tường |
      | Thẩm định hồ sơ           | Lãnh đạo · Phường Kiến Tường          |
      | Phê duyệt kết quả         | Cán bộ tiếp nhận · Phường Long An     |

  Scenario: A supplement stops the clock, and the leader's send-back costs time but not the deadline
    When a citizen submits "land change registration" at "Long An" for a parcel in "Kiến Tường"
    And 2 working days pass
    And the specialist of "Kiến Tường" asks for a supplement
    Then the dossier status is "supplement"
    When 3 working days pass
    And the citizen brings the supplement to "Long An"
    Then the appointment is 11/12/2025 at 17:00
    And the dossier waits for the specialist of "Kiến Tường"
    When the specialist of "Kiến Tường" approves the dossier
    And the leader of "Kiến Tường" sends the dossier back
    And the specialist of "Kiến Tường" approves the dossier
    And the leader of "Kiến Tường" signs the result
    And the reception clerk of "Long An" returns the result
    Then the dossier is returned early

  Scenario: A late result is apologised for before it is returned
    When a citizen submits "land change registration" at "Long An" for a parcel in "Kiến Tường"
    And 11 working days pass
    And the specialist of "Kiến Tường" approves the dossier
    And the leader of "Kiến Tường" signs the result
    Then the dossier waits for the leader of "Long An"
    When the leader of "Long An" apologises with a new date 2 working days later
    And the reception clerk of "Long An" returns the result
    Then the dossier is returned late
