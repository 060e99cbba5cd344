/**
 * A dozen short local news articles, written for the tests in the style of a district news site
 * (title, lead, paragraphs, byline), with every diacritic Vietnamese uses. Search tests pin
 * folded and accented matching on them: "Pác Nặm" appears in five, "đảng viên" in three,
 * "hỗ trợ" in five, and "được" in eleven (one page of results and a second page); the last one
 * has none of these words.
 */
export const NEWS_ARTICLES: Record<string, string> = {
  'Thời sự/pac-nam-cham-lo-tet.txt': `Pác Nặm chăm lo Tết cho hộ nghèo vùng cao

Những ngày cuối năm, huyện Pác Nặm tổ chức nhiều đoàn đến thăm, tặng quà các gia đình chính sách và hộ nghèo ở các xã vùng cao.

Mỗi suất quà gồm gạo, dầu ăn, bánh kẹo và tiền mặt. Năm nay có hơn 1.200 hộ được nhận quà, nhiều hơn năm trước gần 300 hộ.

Bà Lý Thị Mai ở thôn Khuổi Bốc cho biết gia đình bà được cán bộ xã đến tận nhà trao quà, ai cũng vui vì có thêm cái Tết đủ đầy.

Huyện cũng hỗ trợ kinh phí sửa nhà cho 25 hộ có nhà dột nát trước mùa mưa rét.

Hà An
`,
  'Kinh tế/que-bang-thanh.txt': `Bằng Thành mở rộng diện tích trồng quế

Xã Bằng Thành, huyện Pác Nặm, năm nay trồng mới gần 80 ha quế trên đất đồi, nâng tổng diện tích lên hơn 600 ha.

Cây giống được chọn từ vườn ươm của hợp tác xã, bà con được hướng dẫn kỹ thuật đào hố, bón lót và trồng xen cây ngắn ngày trong ba năm đầu.

Theo cán bộ khuyến nông xã, sau tám đến mười năm, mỗi héc-ta quế cho thu nhập từ vỏ, lá và gỗ cao gấp nhiều lần trồng ngô trên đất dốc.

Hoàng Minh
`,
  'Thời sự/chi-bo-ket-nap.txt': `Chi bộ thôn Nà Làng kết nạp đảng viên mới

Chi bộ thôn Nà Làng, xã Bộc Bố, vừa tổ chức lễ kết nạp hai đảng viên mới là đoàn viên thanh niên tiêu biểu của thôn.

Hai quần chúng ưu tú đều là người Dao, từng tham gia làm đường bê tông, dựng nhà văn hóa và vận động bà con giữ vệ sinh bản làng.

Bí thư chi bộ nhắc nhở các đảng viên mới tiếp tục rèn luyện, gương mẫu trong lao động sản xuất và được chi bộ phân công giúp đỡ hộ nghèo.

Nông Văn Thịnh
`,
  'Thời sự/duong-co-linh.txt': `Người dân Cổ Linh góp công làm đường

Hơn 3 km đường bê tông nối thôn Khuổi Ún với trung tâm xã Cổ Linh đã hoàn thành, trước kế hoạch một tháng.

Nhà nước hỗ trợ xi măng, người dân góp cát, sỏi và ngày công. Nhiều hộ còn tự nguyện hiến đất để mở rộng mặt đường.

Trước đây, mùa mưa xe máy không đi được, học sinh phải lội bùn đến trường. Nay nông sản của thôn được thương lái vào tận nơi thu mua.

Hà An
`,
  'Du lịch/ho-ba-be.txt': `Hồ Ba Bể đón khách dịp cuối tuần

Dịp cuối tuần, hồ Ba Bể đón hàng nghìn lượt khách đến tham quan, đi thuyền và nghỉ tại các nhà sàn của người Tày.

Các hộ làm dịch vụ homestay ở bản Pác Ngòi cho biết phòng đã kín chỗ từ đầu tuần. Khách thích nhất là được ngồi bên bếp lửa, ăn cá nướng và nghe hát then.

Ban quản lý vườn quốc gia nhắc du khách không xả rác xuống lòng hồ và mặc áo phao khi đi thuyền.

Minh Châu
`,
  'Giáo dục/khai-giang-vung-cao.txt': `Trường vùng cao rộn ràng ngày khai giảng

Sáng nay, các trường học ở Pác Nặm đồng loạt khai giảng năm học mới trong không khí vui tươi.

Ở điểm trường Khuổi Khỉ, các thầy cô đã đến từ sớm, dọn dẹp lớp học và treo cờ hoa. Năm nay điểm trường được xây thêm hai phòng học kiên cố và một nhà ăn bán trú.

Hơn 40 học sinh người Mông được nhận sách vở, áo ấm và gạo hỗ trợ theo chế độ bán trú.

Lục Thị Hoa
`,
  'Nông nghiệp/chong-ret-gia-suc.txt': `Chủ động chống rét cho trâu, bò

Khi nhiệt độ ở vùng cao có đêm xuống dưới 5 độ C, ngành nông nghiệp khuyến cáo người dân không thả rông trâu, bò trên núi.

Chuồng trại cần được che chắn kín gió, lót rơm khô; gia súc được cho ăn thêm cám ngô và uống nước ấm pha muối.

Huyện hỗ trợ mỗi hộ nghèo một tấm bạt và 20 kg thức ăn tinh. Cán bộ thú y xã đi từng thôn kiểm tra, tiêm phòng bệnh tụ huyết trùng.

Nông Văn Thịnh
`,
  'Thời sự/boi-duong-ly-luan.txt': `Bồi dưỡng lý luận chính trị cho đảng viên mới

Trung tâm Chính trị huyện khai giảng lớp bồi dưỡng lý luận chính trị cho 62 đảng viên mới của các chi bộ cơ sở.

Trong 10 ngày, học viên được nghiên cứu Điều lệ Đảng, lịch sử Đảng bộ địa phương và nhiệm vụ của người đảng viên ở thôn bản.

Lớp học được tổ chức ngay tại hội trường xã để các học viên ở xa không phải đi lại nhiều.

Hoàng Minh
`,
  'Văn hóa/tho-cam-nghien-loan.txt': `Giữ nghề dệt thổ cẩm ở Nghiên Loan

Ở xã Nghiên Loan, huyện Pác Nặm, nhiều phụ nữ người Dao vẫn giữ nghề dệt thổ cẩm truyền thống của mẹ, của bà.

Mỗi tấm vải được dệt trong nhiều tuần, nhuộm chàm và thêu hoa văn hình cây, hình núi. Hợp tác xã thu mua sản phẩm để bán cho khách du lịch.

Năm nay, xã mở lớp dạy nghề cho 30 em gái, với mong muốn nghề dệt không bị mai một.

Lục Thị Hoa
`,
  'Môi trường/bao-ve-rung.txt': `Tăng cường bảo vệ rừng mùa khô

Bước vào mùa khô, lực lượng kiểm lâm huyện Pác Nặm phối hợp với các xã lập chốt canh lửa ở những khu rừng dễ cháy.

Người dân được nhắc không đốt nương khi trời hanh khô, không mang lửa vào rừng. Các tổ bảo vệ rừng của thôn, do đảng viên làm tổ trưởng, tuần tra hằng ngày.

Từ đầu năm đến nay, trên địa bàn chưa để xảy ra vụ cháy rừng nào.

Minh Châu
`,
  'Y tế/kham-benh-mien-phi.txt': `Khám bệnh, cấp thuốc miễn phí cho người cao tuổi

Đoàn y bác sĩ của bệnh viện tỉnh đã khám bệnh, cấp thuốc miễn phí cho hơn 500 người cao tuổi ở hai xã vùng cao.

Nhiều cụ ông, cụ bà được đo huyết áp, siêu âm và tư vấn cách phòng bệnh khi trời trở lạnh. Những trường hợp bệnh nặng được hỗ trợ chuyển lên tuyến trên.

Hà An
`,
  'Thể thao/bong-chuyen-mua-xuan.txt': `Sôi nổi giải bóng chuyền mừng xuân

Mười hai đội bóng của các thôn tranh tài tại giải bóng chuyền mừng xuân do xã tổ chức.

Sân bóng đông kín người xem từ sáng đến chiều. Đội thôn Nà Đeng giành cúp vô địch sau trận chung kết kéo dài năm hiệp.

Minh Châu
`,
};
