-- A shop's tables as `mysqldump --no-data shop` writes them.
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS `orders`;
CREATE TABLE `orders` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `customer_id` int NOT NULL,
  `total` decimal(12,2) NOT NULL,
  `status` enum('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',
  `created_at` datetime NOT NULL,
  PRIMARY KEY (`id`),
  KEY `customer` (`customer_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

DROP TABLE IF EXISTS `order_lines`;
CREATE TABLE `order_lines` (
  `order_id` bigint unsigned NOT NULL,
  `line` smallint NOT NULL,
  `sku` varchar(32) NOT NULL,
  `quantity` int unsigned NOT NULL,
  PRIMARY KEY (`order_id`,`line`),
  CONSTRAINT `order_lines_order` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
